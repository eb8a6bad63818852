/**
 * The one way into Kubernetes: everything that talks to an API server goes
 * through here, so the rest of the plugin deals in plain objects.
 */
import {
  KubeConfig,
  KubernetesObjectApi,
  Watch,
} from '@kubernetes/client-node';
import { readFileSync } from 'node:fs';
import { ClusterConnection } from './clusterConfig';

/** Builds the client configuration of one cluster from our own config. */
export function makeKubeConfig(name: string, connection: ClusterConnection): KubeConfig {
  const kc = new KubeConfig();
  switch (connection.kind) {
    case 'kubeconfig':
      kc.loadFromFile(connection.path);
      if (connection.context) kc.setCurrentContext(connection.context);
      break;
    case 'in-cluster':
      kc.loadFromCluster();
      break;
    case 'url': {
      const token =
        connection.token ??
        (connection.tokenFile ? readFileSync(connection.tokenFile, 'utf8').trim() : undefined);
      kc.loadFromClusterAndUser(
        {
          name,
          server: connection.url,
          caData: connection.caData,
          caFile: connection.caFile,
          skipTLSVerify: connection.skipTLSVerify,
        },
        { name: `${name}-user`, token },
      );
      break;
    }
    default:
      throw new Error(`unknown connection ${(connection as any).kind}`);
  }
  return kc;
}

/** An error from the API server with its HTTP status, when it has one. */
export function statusCodeOf(error: unknown): number | undefined {
  const e = error as { code?: unknown; statusCode?: unknown; body?: any };
  if (typeof e?.code === 'number') return e.code;
  if (typeof e?.statusCode === 'number') return e.statusCode;
  return undefined;
}

/** A short message for an API error, for status answers and logs. */
export function describeKubeError(error: unknown): string {
  const e = error as { code?: number; body?: any; message?: string };
  const body = typeof e?.body === 'string' ? safeJson(e.body) : e?.body;
  if (body?.message) return `${body.reason ?? 'Error'} (${body.code ?? e.code}): ${body.message}`;
  const code = statusCodeOf(error);
  const message = e?.message ?? String(error);
  return code ? `HTTP ${code}: ${message}` : message;
}

function safeJson(text: string) {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** List and watch, the two calls a watch cache needs. */
export interface KubeReader {
  list(
    apiVersion: string,
    kind: string,
    namespace: string | undefined,
    continueToken?: string,
  ): Promise<{ items: any[]; resourceVersion: string; continueToken?: string }>;
  watch(
    path: string,
    resourceVersion: string,
    onEvent: (type: string, object: any) => void,
  ): { done: Promise<unknown>; abort: () => void };
}

/**
 * The client-node implementation of {@link KubeReader}. Lists are read whole
 * by default: client-node loses the continue token of custom-resource lists,
 * so paged lists of HelmReleases stopped after the first page (found by
 * bench/health with 1,000 HelmReleases in one namespace).
 */
export function makeKubeReader(kc: KubeConfig, pageSize?: number): KubeReader {
  const objects = KubernetesObjectApi.makeApiClient(kc);
  const watcher = new Watch(kc);
  return {
    async list(apiVersion, kind, namespace, continueToken) {
      const list = await objects
        .list(
        apiVersion,
        kind,
        namespace,
        undefined,
        undefined,
        undefined,
        undefined,
        undefined,
        pageSize,
        continueToken,
      )
        .catch((e: unknown) => {
          // Discovery does not know the kind: the CRD is not installed.
          if (/Unrecognized API version and kind/.test(String((e as Error)?.message))) {
            throw Object.assign(new Error(`${kind} (${apiVersion}) is not served by this cluster`), {
              code: 404,
            });
          }
          throw e;
        });
      return {
        items: list.items,
        resourceVersion: list.metadata?.resourceVersion ?? '',
        // Typed lists (core kinds) carry `_continue`; custom resources, which
        // the client cannot type, keep the wire name `continue`.
        continueToken:
          (list.metadata as { _continue?: string; continue?: string } | undefined)?._continue ||
          (list.metadata as { continue?: string } | undefined)?.continue ||
          undefined,
      };
    },
    watch(path, resourceVersion, onEvent) {
      let controller: AbortController | undefined;
      let aborted = false;
      const done = new Promise<unknown>(resolve => {
        watcher
          .watch(
            path,
            { resourceVersion, allowWatchBookmarks: true },
            (type, object) => onEvent(type, object),
            err => resolve(err ?? null),
          )
          .then(c => {
            controller = c;
            if (aborted) c.abort();
          })
          .catch(err => resolve(err));
      });
      return {
        done,
        abort: () => {
          aborted = true;
          controller?.abort();
        },
      };
    },
  };
}
