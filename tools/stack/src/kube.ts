/*
 * The stack's one way into the Kubernetes API: a small REST client over node:https with the admin
 * token. It applies objects with server-side apply (application/apply-patch+yaml, our own field
 * manager), writes status through the /status subresource, and finds REST paths by discovery.
 *
 * Why not @kubernetes/client-node here: its generic KubernetesObjectApi serializes built-in kinds
 * through its typed models, which silently drops fields its models do not know, and it cannot address
 * the /status subresource. Fixtures must reach the server exactly as written.
 */
import { Agent, request } from 'node:https';

/** The field manager of everything the stack writes. */
export const fieldManager = 'platform-services-stack';

/** Any Kubernetes object as read from YAML. */
export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: {
    name: string;
    namespace?: string;
    generation?: number;
    [key: string]: unknown;
  };
  [key: string]: unknown;
}

/** Identifies an object. */
export interface ObjectRef {
  apiVersion: string;
  kind: string;
  name: string;
  namespace?: string;
}

/** Where a kind is served, from discovery. */
interface KindInfo {
  plural: string;
  namespaced: boolean;
  hasStatus: boolean;
}

/** An error answer of the API server, with its HTTP code and Status reason. */
export class KubeApiError extends Error {
  readonly code: number;
  readonly reason: string | undefined;

  constructor(method: string, path: string, code: number, body: string) {
    let message = body;
    let reason: string | undefined;
    try {
      const status = JSON.parse(body);
      message = status.message ?? body;
      reason = status.reason;
    } catch {
      // Not a Status object: keep the raw body.
    }
    super(`${method} ${path}: HTTP ${code}: ${message}`);
    this.name = 'KubeApiError';
    this.code = code;
    this.reason = reason;
  }
}

/** How to reach the API server. */
export interface KubeAccess {
  server: string;
  caPem: string;
  token: string;
}

export function refOf(object: KubeObject): ObjectRef {
  return {
    apiVersion: object.apiVersion,
    kind: object.kind,
    name: object.metadata.name,
    ...(object.metadata.namespace
      ? { namespace: object.metadata.namespace }
      : {}),
  };
}

/** `kind namespace/name`, for messages. */
export function describeRef(ref: ObjectRef): string {
  return `${ref.kind} ${ref.namespace ? `${ref.namespace}/` : ''}${ref.name}`;
}

/** A REST client for one API server and identity. Call close() when done. */
export class KubeRest {
  readonly #access: KubeAccess;
  readonly #agent: Agent;
  readonly #kinds = new Map<string, Promise<Map<string, KindInfo>>>();
  readonly #warnings: Array<{ request: string; text: string }> = [];

  constructor(access: KubeAccess) {
    this.#access = access;
    this.#agent = new Agent({ keepAlive: true, ca: access.caPem });
  }

  close(): void {
    this.#agent.destroy();
  }

  #noteWarnings(header: string | string[] | undefined, what: string): void {
    for (const value of [header ?? []].flat()) {
      // RFC 7234 warning: `299 - "text"`.
      const text = value.replace(/^\d{3} \S+ "?/, '').replace(/"$/, '');
      this.#warnings.push({ request: what, text });
    }
  }

  /** The API server's warnings (deprecations, dropped unknown fields) since the last call. */
  takeWarnings(): Array<{ request: string; text: string }> {
    return this.#warnings.splice(0);
  }

  /** Sends one request; resolves with the parsed JSON answer, rejects with KubeApiError. */
  async request<T = unknown>(
    method: string,
    path: string,
    options: { body?: unknown; contentType?: string; timeoutMs?: number } = {},
  ): Promise<T> {
    const url = new URL(path, this.#access.server);
    const payload =
      options.body === undefined ? undefined : JSON.stringify(options.body);
    return new Promise<T>((resolveRequest, reject) => {
      const req = request(
        url,
        {
          method,
          agent: this.#agent,
          timeout: options.timeoutMs ?? 30_000,
          headers: {
            Authorization: `Bearer ${this.#access.token}`,
            Accept: 'application/json',
            ...(payload === undefined
              ? {}
              : {
                  'Content-Type': options.contentType ?? 'application/json',
                  'Content-Length': Buffer.byteLength(payload),
                }),
          },
        },
        res => {
          this.#noteWarnings(res.headers.warning, `${method} ${url.pathname}`);
          let text = '';
          res.setEncoding('utf8');
          res.on('data', chunk => {
            text += chunk;
          });
          res.on('end', () => {
            const code = res.statusCode ?? 0;
            if (code >= 200 && code < 300) {
              try {
                resolveRequest(text ? JSON.parse(text) : undefined);
              } catch {
                resolveRequest(text as T);
              }
            } else {
              reject(new KubeApiError(method, url.pathname, code, text));
            }
          });
        },
      );
      req.on('timeout', () =>
        req.destroy(new Error(`${method} ${url.pathname}: timed out`)),
      );
      req.on('error', reject);
      req.end(payload);
    });
  }

  /** Forgets discovery answers (after CRDs were installed). */
  forgetDiscovery(): void {
    this.#kinds.clear();
  }

  async #kindInfo(apiVersion: string, kind: string): Promise<KindInfo> {
    let kinds = this.#kinds.get(apiVersion);
    if (!kinds) {
      const path = apiVersion.includes('/')
        ? `/apis/${apiVersion}`
        : `/api/${apiVersion}`;
      kinds = this.request<{
        resources: Array<{ name: string; kind: string; namespaced: boolean }>;
      }>('GET', path).then(list => {
        const byKind = new Map<string, KindInfo>();
        const names = new Set(list.resources.map(r => r.name));
        for (const r of list.resources) {
          if (!r.name.includes('/')) {
            byKind.set(r.kind, {
              plural: r.name,
              namespaced: r.namespaced,
              hasStatus: names.has(`${r.name}/status`),
            });
          }
        }
        return byKind;
      });
      kinds.catch(() => this.#kinds.delete(apiVersion));
      this.#kinds.set(apiVersion, kinds);
    }
    const info = (await kinds).get(kind);
    if (!info) {
      throw new Error(
        `the API server does not serve kind ${kind} in ${apiVersion}`,
      );
    }
    return info;
  }

  /** The REST path of an object. */
  async pathOf(ref: ObjectRef): Promise<string> {
    const info = await this.#kindInfo(ref.apiVersion, ref.kind);
    const base = ref.apiVersion.includes('/')
      ? `/apis/${ref.apiVersion}`
      : `/api/${ref.apiVersion}`;
    if (info.namespaced && !ref.namespace) {
      throw new Error(`${describeRef(ref)}: a ${ref.kind} needs a namespace`);
    }
    const ns = info.namespaced ? `/namespaces/${ref.namespace}` : '';
    return `${base}${ns}/${info.plural}/${encodeURIComponent(ref.name)}`;
  }

  /** Whether the kind has a status subresource. */
  async hasStatus(ref: ObjectRef): Promise<boolean> {
    return (await this.#kindInfo(ref.apiVersion, ref.kind)).hasStatus;
  }

  /** Server-side apply of `object` (forcing conflicts); resolves with the stored object. */
  async apply(object: KubeObject, subresource?: 'status'): Promise<KubeObject> {
    const path = await this.pathOf(refOf(object));
    // Warn: a field the server does not know is dropped with a warning (see takeWarnings).
    const query = `?fieldManager=${fieldManager}&force=true&fieldValidation=Warn`;
    return this.request<KubeObject>(
      'PATCH',
      `${path}${subresource ? `/${subresource}` : ''}${query}`,
      { body: object, contentType: 'application/apply-patch+yaml' },
    );
  }

  /** Reads an object; undefined when it does not exist. */
  async get(ref: ObjectRef): Promise<KubeObject | undefined> {
    try {
      return await this.request<KubeObject>('GET', await this.pathOf(ref));
    } catch (error) {
      if (error instanceof KubeApiError && error.code === 404) return undefined;
      throw error;
    }
  }

  /**
   * Deletes an object at once: grace period 0 (no kubelet will confirm a Pod's termination) and
   * background propagation (the default for Jobs, orphaning, adds a finalizer that only the garbage
   * collector of a controller-manager would remove). A missing object is fine.
   */
  async delete(ref: ObjectRef): Promise<void> {
    try {
      await this.request('DELETE', await this.pathOf(ref), {
        body: {
          apiVersion: 'v1',
          kind: 'DeleteOptions',
          gracePeriodSeconds: 0,
          propagationPolicy: 'Background',
        },
      });
    } catch (error) {
      if (error instanceof KubeApiError && error.code === 404) return;
      throw error;
    }
  }
}

/** Runs `fn` over `items` with at most `limit` calls in flight; rejects with the first error. */
export async function forEachLimited<T>(
  items: readonly T[],
  limit: number,
  fn: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const lanes = Array.from(
    { length: Math.min(limit, items.length) },
    async () => {
      while (next < items.length) {
        const item = items[next++];
        await fn(item);
      }
    },
  );
  await Promise.all(lanes);
}
