/**
 * Which service owns a cluster-scoped object, for the runbook scope rule.
 * The catalog does not list cluster-scoped objects; the cluster does, through
 * the labels Flux puts on what it applies. An object labelled by a service's
 * HelmRelease or Kustomization belongs to that service; unlabelled objects
 * belong to none, so no runbook may touch them.
 */
import { ClusterObjectRef, ScopedService } from '../runbooks/context';

/** A cluster-scoped object as the watch cache keeps it. */
export interface ClusterScopedObject {
  kind?: string;
  metadata: { name: string; labels?: Record<string, string> };
}

const HR_NAME = 'helm.toolkit.fluxcd.io/name';
const HR_NAMESPACE = 'helm.toolkit.fluxcd.io/namespace';
const KS_NAME = 'kustomize.toolkit.fluxcd.io/name';
const KS_NAMESPACE = 'kustomize.toolkit.fluxcd.io/namespace';

/** The cluster-scoped objects of each service, by service name, for `runbookContextFor`. */
export function clusterScopedObjectsByService(
  services: ReadonlyArray<ScopedService>,
  objects: ReadonlyArray<ClusterScopedObject>,
): Record<string, ClusterObjectRef[]> {
  const owned: Record<string, ClusterObjectRef[]> = {};
  for (const obj of objects) {
    if (!obj.kind) continue;
    const labels = obj.metadata.labels ?? {};
    const owner =
      services.find(
        s =>
          s.flux.helmRelease &&
          labels[HR_NAME] === s.flux.helmRelease.name &&
          (labels[HR_NAMESPACE] ?? s.flux.helmRelease.namespace) ===
            s.flux.helmRelease.namespace,
      ) ??
      services.find(
        s =>
          labels[KS_NAME] === s.flux.kustomization.name &&
          (labels[KS_NAMESPACE] ?? s.flux.kustomization.namespace) ===
            s.flux.kustomization.namespace,
      );
    if (!owner) continue;
    (owned[owner.name] ??= []).push({
      kind: obj.kind,
      name: obj.metadata.name,
    });
  }
  return owned;
}
