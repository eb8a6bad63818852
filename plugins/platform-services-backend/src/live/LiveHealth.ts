import { LoggerService } from '@backstage/backend-plugin-api';
import {
  CatalogHealth,
  Freshness,
  HealthChangedEvent,
  HealthSummaryResponse,
  ServiceHealthResponse,
  ServiceModel,
} from '@platform-services/plugin-platform-services-common';
import { ClusterWatchCache, WatchScope } from '../cluster/ClusterWatchCache';
import { ClusterObjects as CachedObjects } from '../cluster/kinds';
import {
  ClusterObjects,
  evaluateCatalogHealth,
  HealthServiceInput,
  ServiceProbe,
} from '../health';

/** Supplies probe results (e.g. Temporal) per service for one environment. */
export type ProbeSource = (environment: string) => ReadonlyMap<string, ServiceProbe>;

/** The namespaces the catalog names: where services run, and where their Flux objects are. */
export function watchScopeOf(model: ServiceModel): WatchScope {
  const fluxNamespaces = new Set<string>();
  const serviceNamespaces = new Set<string>();
  for (const service of model.services.values()) {
    serviceNamespaces.add(service.namespace);
    fluxNamespaces.add(service.flux.kustomization.namespace);
    if (service.flux.helmRelease) fluxNamespaces.add(service.flux.helmRelease.namespace);
  }
  return { fluxNamespaces: [...fluxNamespaces], serviceNamespaces: [...serviceNamespaces] };
}

interface Evaluated {
  health: CatalogHealth;
  freshness: Freshness;
  /** Per service, the JSON of its answer: to tell which ones changed. */
  fingerprints: Map<string, string>;
}

/**
 * Live health of every service, evaluated from the clusters' watch caches
 * (never from the API servers directly) and re-evaluated when a cache or the
 * catalog changes. Listeners hear which services' answers changed.
 */
export class LiveHealth {
  private model: ServiceModel | undefined;
  private readonly evaluated = new Map<string, Evaluated>();
  /** What listeners were last told about, per environment. */
  private readonly published = new Map<string, Map<string, string>>();
  private readonly dirty = new Set<string>();
  private readonly listeners = new Set<(event: HealthChangedEvent) => void>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly options: {
      clusters: ClusterWatchCache[];
      logger: LoggerService;
      probes?: ProbeSource;
      now?: () => Date;
      /** How long changes are gathered before answers are re-evaluated. */
      debounceMs?: number;
    },
  ) {
    for (const cache of options.clusters) {
      cache.onChange(() => this.invalidate(cache.environment));
    }
  }

  /** A new catalog was accepted: watch what it names and re-evaluate. */
  setModel(model: ServiceModel | undefined) {
    this.model = model;
    if (model) {
      const scope = watchScopeOf(model);
      for (const cache of this.options.clusters) cache.setScope(scope);
    }
    for (const env of this.environments()) this.invalidate(env);
  }

  /** Probe results changed for an environment. */
  probesChanged(environment: string) {
    this.invalidate(environment);
  }

  stop() {
    clearTimeout(this.timer);
    for (const cache of this.options.clusters) cache.stop();
  }

  onChange(listener: (event: HealthChangedEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  environments(): string[] {
    return this.model?.environments.map(e => e.name) ?? [];
  }

  /** The environment a request names, or the first one. */
  resolveEnvironment(requested?: string): string | undefined {
    const envs = this.environments();
    if (!requested) return envs[0];
    return envs.includes(requested) ? requested : undefined;
  }

  serviceHealth(name: string, environment: string): ServiceHealthResponse | undefined {
    const evaluated = this.evaluate(environment);
    const health = evaluated?.health.services.find(s => s.service === name);
    if (!evaluated || !health) return undefined;
    return {
      environment,
      environments: this.environments(),
      freshness: evaluated.freshness,
      health,
    };
  }

  summary(environment: string): HealthSummaryResponse | undefined {
    const evaluated = this.evaluate(environment);
    if (!evaluated) return undefined;
    return {
      environment,
      environments: this.environments(),
      freshness: evaluated.freshness,
      services: evaluated.health.services.map(({ service, status, summary, signals }) => ({
        service,
        status,
        summary,
        signals,
      })),
    };
  }

  private cacheFor(environment: string) {
    return this.options.clusters.find(c => c.environment === environment);
  }

  private invalidate(environment: string) {
    this.evaluated.delete(environment);
    this.dirty.add(environment);
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.flush();
    }, this.options.debounceMs ?? 150);
    this.timer.unref?.();
  }

  /** Re-evaluates dirty environments and tells listeners what changed. */
  private flush() {
    const environments = [...this.dirty];
    this.dirty.clear();
    for (const environment of environments) {
      const before = this.published.get(environment);
      const after = this.evaluate(environment)?.fingerprints;
      if (!after) continue;
      this.published.set(environment, after);
      const changed = [...after.keys()].filter(name => before?.get(name) !== after.get(name));
      if (before) for (const name of before.keys()) if (!after.has(name)) changed.push(name);
      if (changed.length === 0) continue;
      const event: HealthChangedEvent = {
        type: 'health-changed',
        environment,
        services: changed.sort(),
        at: (this.options.now?.() ?? new Date()).toISOString(),
      };
      for (const listener of this.listeners) {
        try {
          listener(event);
        } catch (e) {
          this.options.logger.warn(`A health listener failed: ${(e as Error).message}`);
        }
      }
    }
  }

  private evaluate(environment: string): Evaluated | undefined {
    if (!this.model || !this.environments().includes(environment)) return undefined;
    const cached = this.evaluated.get(environment);
    if (cached) return cached;

    const cache = this.cacheFor(environment);
    const status = cache?.status();
    const freshness: Freshness = cache
      ? {
          cluster: cache.cluster,
          connected: status!.connected,
          since: status!.since,
          ...(status!.staleSince ? { staleSince: status!.staleSince } : {}),
          ...(status!.lastError ? { lastError: status!.lastError } : {}),
          partial: status!.partial,
        }
      : { cluster: null, connected: false, partial: [] };

    let objects: ClusterObjects | undefined;
    if (cache && status!.connected) {
      const observed: Partial<CachedObjects> = cache.objects();
      for (const kind of cache.unavailableKinds()) delete observed[kind];
      objects = observed as unknown as ClusterObjects;
    }
    const services = [...this.model.services.values()] as unknown as HealthServiceInput[];
    const health = evaluateCatalogHealth({
      services,
      environment,
      objects,
      now: this.options.now?.() ?? new Date(),
      ...(this.options.probes ? { probes: this.options.probes(environment) } : {}),
    });
    const fingerprints = new Map(
      health.services.map(s => [
        s.service,
        JSON.stringify({ ...s, evaluatedAt: undefined }) + JSON.stringify(freshness),
      ]),
    );
    const result = { health, freshness, fingerprints };
    this.evaluated.set(environment, result);
    return result;
  }
}
