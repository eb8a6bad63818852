/**
 * What a service's runbook may touch: the service itself and the services it
 * depends on, directly or through other upstreams.
 */
import { ObjectRef } from '@platform-services/plugin-platform-services-common';
import { FluxObjectKind } from './resources';

/** A HelmRelease or Kustomization. @public */
export interface FluxObjectRef extends ObjectRef {
  kind: FluxObjectKind;
}

/** A cluster-scoped object, such as `ClusterSecretStore localstack-secretstore`. @public */
export interface ClusterObjectRef {
  /** The Kubernetes kind, e.g. `ClusterSecretStore`. */
  kind: string;
  name: string;
}

/** What one service owns. @public */
export interface ServiceScope {
  service: string;
  namespace: string;
  fluxObjects: FluxObjectRef[];
  /**
   * Cluster-scoped objects the service deploys. The catalog does not list
   * them; the backend can take them from the service's Kustomization
   * inventory (`status.inventory`).
   */
  clusterScopedObjects?: ClusterObjectRef[];
}

/** An upstream service and how it is reached. @public */
export interface UpstreamScope extends ServiceScope {
  /**
   * The dependency chain from the runbook's service to this one, both
   * excluded: `[]` for a direct upstream, `['external-secrets-config']` for
   * external-secrets as seen from temporal.
   */
  via: string[];
}

/**
 * Everything a runbook step is judged against.
 *
 * Reads (diagnostics, and the manual steps the portal only shows) may touch
 * the service and all its upstreams, direct or transitive; actions may touch
 * only the service's own namespace and its own Flux objects.
 *
 * Ownership is by namespace: where services share one (`kube-system`,
 * `monitoring`), each may touch everything in it. Telling their workloads
 * apart needs live ownership (Flux labels), which only the backend has.
 *
 * @public
 */
export interface RunbookContext {
  service: ServiceScope;
  /** Direct upstreams first, then theirs, each once. */
  upstreams: UpstreamScope[];
}

/** The catalog fields the context is built from; a catalog service or a service detail fits. @public */
export interface ScopedService {
  name: string;
  namespace: string;
  flux: { kustomization: ObjectRef; helmRelease?: ObjectRef };
  dependsOn?: ReadonlyArray<{ service: string }>;
}

function scopeOf(
  service: ScopedService,
  clusterScopedObjects: Readonly<Record<string, ClusterObjectRef[]>>,
): ServiceScope {
  const fluxObjects: FluxObjectRef[] = [
    { kind: 'Kustomization', ...service.flux.kustomization },
  ];
  if (service.flux.helmRelease) {
    fluxObjects.push({ kind: 'HelmRelease', ...service.flux.helmRelease });
  }
  const owned = clusterScopedObjects[service.name];
  return {
    service: service.name,
    namespace: service.namespace,
    fluxObjects,
    ...(owned ? { clusterScopedObjects: owned } : {}),
  };
}

/**
 * Builds the context of `serviceName`'s runbooks: the service and every
 * upstream reachable through `dependsOn`, breadth first. Unknown upstream
 * names and cycles are skipped.
 *
 * @param clusterScopedObjects - cluster-scoped objects by owning service name.
 * @throws Error when no service has that name.
 * @public
 */
export function runbookContextFor(
  services: ReadonlyArray<ScopedService>,
  serviceName: string,
  clusterScopedObjects: Readonly<Record<string, ClusterObjectRef[]>> = {},
): RunbookContext {
  const byName = new Map(services.map(s => [s.name, s] as const));
  const self = byName.get(serviceName);
  if (!self) {
    throw new Error(`No service named "${serviceName}" in the catalog`);
  }
  const upstreams: UpstreamScope[] = [];
  const seen = new Set([serviceName]);
  let frontier: Array<{ service: ScopedService; via: string[] }> = [
    { service: self, via: [] },
  ];
  while (frontier.length > 0) {
    const next: typeof frontier = [];
    for (const { service, via } of frontier) {
      for (const dep of service.dependsOn ?? []) {
        const upstream = byName.get(dep.service);
        if (!upstream || seen.has(upstream.name)) continue;
        seen.add(upstream.name);
        upstreams.push({ ...scopeOf(upstream, clusterScopedObjects), via });
        next.push({ service: upstream, via: [...via, upstream.name] });
      }
    }
    frontier = next;
  }
  return { service: scopeOf(self, clusterScopedObjects), upstreams };
}
