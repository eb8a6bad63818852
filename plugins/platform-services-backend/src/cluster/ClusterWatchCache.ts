import { describeKubeError, KubeReader, statusCodeOf } from './kubernetes';
import {
  ClusterObjects,
  emptyObjects,
  KubeObject,
  kindPath,
  slimObject,
  WATCHED_KINDS,
  WatchedKind,
} from './kinds';

/** Which namespaces to watch: from the catalog's services and Flux objects. */
export interface WatchScope {
  fluxNamespaces: string[];
  serviceNamespaces: string[];
}

/** The state of one list-then-watch loop. */
export interface ReflectorStatus {
  kind: string;
  namespace?: string;
  synced: boolean;
  lastSyncAt?: string;
  lastEventAt?: string;
  error?: { message: string; statusCode?: number; at: string };
}

/** How a cluster's cache is doing, for every answer served from it. */
export interface ClusterCacheStatus {
  cluster: string;
  environment: string;
  /** Every list-then-watch loop has listed and none is failing. */
  connected: boolean;
  /** Since when the cache is connected, or since when it is not. */
  since: string;
  /** When the data stopped being fresh (the first failure since connected). */
  staleSince?: string;
  lastError?: string;
  /**
   * Kinds that cannot be read: forbidden to the identity (403) or not served
   * by the cluster (404, e.g. a CRD that is not installed). Answers leave them
   * out and say so.
   */
  partial: Array<{ kind: string; namespace?: string; message: string }>;
  reflectors: ReflectorStatus[];
}

/** A change in the cache, for pushing updates to open pages. */
export interface CacheChange {
  cluster: string;
  kind: string;
  namespace?: string;
}

type Store = Map<string, KubeObject>;

const MIN_BACKOFF_MS = 500;
const MAX_BACKOFF_MS = 30_000;

/**
 * One list-then-watch loop for one kind in one namespace (or cluster-wide),
 * in the manner of client-go's reflector: list, then watch from the list's
 * resourceVersion; a 410 Gone relists; a watch that ends or times out
 * resumes from the last resourceVersion; any other failure is recorded and
 * retried with exponential backoff.
 */
class Reflector {
  readonly store: Store = new Map();
  readonly status: ReflectorStatus;
  private stopped = false;
  private abortWatch: (() => void) | undefined;
  private wake: (() => void) | undefined;

  constructor(
    private readonly reader: KubeReader,
    readonly kind: WatchedKind,
    readonly namespace: string | undefined,
    private readonly onChange: () => void,
    private readonly onStatus: () => void,
    private readonly now: () => Date,
  ) {
    this.status = { kind: kind.kind, namespace, synced: false };
  }

  start() {
    void this.loop();
  }

  stop() {
    this.stopped = true;
    this.abortWatch?.();
    this.wake?.();
  }

  private apiVersion() {
    return this.kind.group ? `${this.kind.group}/${this.kind.version}` : this.kind.version;
  }

  private async loop() {
    let backoff = MIN_BACKOFF_MS;
    let resourceVersion: string | undefined;
    while (!this.stopped) {
      try {
        if (!resourceVersion) {
          resourceVersion = await this.relist();
          backoff = MIN_BACKOFF_MS;
        }
        const result = await this.watchOnce(resourceVersion);
        resourceVersion = result.resourceVersion;
        if (result.gone) resourceVersion = undefined;
      } catch (error) {
        if (this.stopped) return;
        this.status.synced = false;
        this.status.error = {
          message: describeKubeError(error),
          statusCode: statusCodeOf(error),
          at: this.now().toISOString(),
        };
        this.onStatus();
        resourceVersion = undefined;
        await this.sleep(backoff);
        backoff = Math.min(backoff * 2, MAX_BACKOFF_MS);
      }
    }
  }

  private async relist(): Promise<string> {
    const fresh: Store = new Map();
    let continueToken: string | undefined;
    let resourceVersion = '';
    do {
      const page = await this.reader.list(this.apiVersion(), this.kind.kind, this.namespace, continueToken);
      for (const item of page.items) {
        const obj = slimObject(this.kind, item);
        fresh.set(keyOf(obj), obj);
      }
      resourceVersion = page.resourceVersion;
      continueToken = page.continueToken;
    } while (continueToken && !this.stopped);

    this.store.clear();
    for (const [k, v] of fresh) this.store.set(k, v);
    this.status.synced = true;
    this.status.lastSyncAt = this.now().toISOString();
    delete this.status.error;
    this.onStatus();
    this.onChange();
    return resourceVersion;
  }

  private async watchOnce(
    fromVersion: string,
  ): Promise<{ resourceVersion: string; gone: boolean }> {
    let resourceVersion = fromVersion;
    let gone = false;
    const handle = this.reader.watch(kindPath(this.kind, this.namespace), fromVersion, (type, object) => {
      if (type === 'ERROR') {
        if (object?.code === 410) gone = true;
        handle.abort();
        return;
      }
      const rv = object?.metadata?.resourceVersion;
      if (rv) resourceVersion = rv;
      if (type === 'BOOKMARK') return;
      const obj = slimObject(this.kind, object);
      if (type === 'DELETED') this.store.delete(keyOf(obj));
      else this.store.set(keyOf(obj), obj);
      this.status.lastEventAt = this.now().toISOString();
      this.onChange();
    });
    this.abortWatch = handle.abort;
    const err = await handle.done;
    this.abortWatch = undefined;
    if (gone || statusCodeOf(err) === 410) return { resourceVersion, gone: true };
    const name = (err as { name?: string } | null)?.name;
    if (err && name !== 'TimeoutError' && name !== 'AbortError' && !this.stopped) throw err;
    return { resourceVersion, gone: false };
  }

  private sleep(ms: number) {
    return new Promise<void>(resolve => {
      const timer = setTimeout(resolve, ms);
      this.wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }
}

/** Forbidden to the identity, or not served by the cluster. */
function isUnavailable(statusCode?: number) {
  return statusCode === 403 || statusCode === 404;
}

function keyOf(obj: KubeObject) {
  return `${obj.metadata.namespace ?? ''}/${obj.metadata.name}`;
}

/**
 * A watch cache of one cluster: the kinds the plugin reads, in the namespaces
 * the catalog names, kept current by list-then-watch loops. Reading it never
 * calls the API server, so page views cost the cluster nothing.
 */
export class ClusterWatchCache {
  private readonly reflectors = new Map<string, Reflector>();
  private readonly listeners = new Set<(change: CacheChange) => void>();
  private connectedSince: string;
  private staleSince: string | undefined;
  private wasConnected = false;

  constructor(
    readonly cluster: string,
    readonly environment: string,
    private readonly reader: KubeReader,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.connectedSince = this.now().toISOString();
  }

  /** Starts, keeps or stops loops so that exactly the scope is watched. */
  setScope(scope: WatchScope) {
    const wanted = new Map<string, { kind: WatchedKind; namespace?: string }>();
    const uniq = (xs: string[]) => [...new Set(xs)].sort();
    for (const kind of WATCHED_KINDS) {
      if (kind.scope === 'cluster') {
        wanted.set(`${kind.key}|`, { kind });
        continue;
      }
      const namespaces = uniq(kind.scope === 'flux' ? scope.fluxNamespaces : scope.serviceNamespaces);
      for (const namespace of namespaces) wanted.set(`${kind.key}|${namespace}`, { kind, namespace });
    }
    for (const [key, reflector] of this.reflectors) {
      if (!wanted.has(key)) {
        reflector.stop();
        this.reflectors.delete(key);
        this.emit({ cluster: this.cluster, kind: reflector.kind.kind, namespace: reflector.namespace });
      }
    }
    for (const [key, { kind, namespace }] of wanted) {
      if (this.reflectors.has(key)) continue;
      const reflector = new Reflector(
        this.reader,
        kind,
        namespace,
        () => this.emit({ cluster: this.cluster, kind: kind.kind, namespace }),
        () => this.updateConnection(),
        this.now,
      );
      this.reflectors.set(key, reflector);
      reflector.start();
    }
    this.updateConnection();
  }

  stop() {
    for (const reflector of this.reflectors.values()) reflector.stop();
    this.reflectors.clear();
  }

  onChange(listener: (change: CacheChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The cached objects in the given namespaces (all of them when omitted). */
  objects(namespaces?: Iterable<string>): ClusterObjects {
    const only = namespaces ? new Set(namespaces) : undefined;
    const result = emptyObjects();
    for (const reflector of this.reflectors.values()) {
      const { kind, namespace } = reflector;
      if (only && namespace !== undefined && !only.has(namespace)) continue;
      const target = result[kind.key];
      for (const obj of reflector.store.values()) target.push(obj);
    }
    return result;
  }

  /** How many objects the cache holds, by kind. */
  counts(): Record<string, number> {
    const counts: Record<string, number> = {};
    for (const r of this.reflectors.values()) {
      counts[r.kind.key] = (counts[r.kind.key] ?? 0) + r.store.size;
    }
    return counts;
  }

  status(): ClusterCacheStatus {
    const reflectors = [...this.reflectors.values()].map(r => ({ ...r.status }));
    const partial = reflectors
      .filter(r => isUnavailable(r.error?.statusCode))
      .map(r => ({ kind: r.kind, namespace: r.namespace, message: r.error!.message }));
    const failing = reflectors.filter(r => r.error && !isUnavailable(r.error.statusCode));
    const lastError = failing
      .map(r => r.error!)
      .sort((a, b) => b.at.localeCompare(a.at))[0]?.message;
    return {
      cluster: this.cluster,
      environment: this.environment,
      connected: this.isConnected(),
      since: this.connectedSince,
      ...(this.staleSince ? { staleSince: this.staleSince } : {}),
      ...(lastError ? { lastError } : {}),
      partial,
      reflectors,
    };
  }

  /** Kinds with a loop that cannot read (forbidden or not served) anywhere. */
  unavailableKinds(): Set<keyof ClusterObjects> {
    const result = new Set<keyof ClusterObjects>();
    for (const r of this.reflectors.values()) {
      if (isUnavailable(r.status.error?.statusCode)) result.add(r.kind.key);
    }
    return result;
  }

  private isConnected(): boolean {
    let any = false;
    for (const r of this.reflectors.values()) {
      any = true;
      if (isUnavailable(r.status.error?.statusCode)) continue; // partial, not disconnected
      if (!r.status.synced) return false;
    }
    return any;
  }

  private updateConnection() {
    const connected = this.isConnected();
    if (connected !== this.wasConnected) {
      this.wasConnected = connected;
      this.connectedSince = this.now().toISOString();
      if (connected) this.staleSince = undefined;
      this.emit({ cluster: this.cluster, kind: 'status' });
    }
    if (!connected && !this.staleSince && [...this.reflectors.values()].some(r => r.status.error)) {
      this.staleSince = this.now().toISOString();
    }
  }

  private emit(change: CacheChange) {
    for (const listener of this.listeners) listener(change);
  }
}
