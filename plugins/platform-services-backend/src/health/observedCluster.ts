import { ClusterObjects } from './objects';
import { SecretPresence, stripSecret } from './secrets';

/** `ClusterObjects` after the input boundary: Secrets reduced to their presence. */
export type ObservedCluster = Omit<ClusterObjects, 'secrets'> & {
  secrets?: SecretPresence[];
};

/**
 * The input boundary of the evaluation: every Secret goes through
 * `stripSecret`, so nothing downstream can see a Secret value.
 */
export function observeCluster(objects: ClusterObjects): ObservedCluster {
  const { secrets, ...rest } = objects;
  return secrets ? { ...rest, secrets: secrets.map(stripSecret) } : rest;
}

/**
 * Kinds looked up by reference across namespaces (Flux objects) or
 * cluster-scoped: every namespace view keeps all of them.
 */
const SHARED_KINDS = new Set(['helmReleases', 'kustomizations', 'clusterSecretStores']);

/**
 * Splits an observed cluster by namespace once, so that evaluating a service
 * looks only at its own namespace instead of every object of the cluster
 * (1,000 services over 20,000 pods would otherwise cost minutes). A kind that
 * was observed stays observed in every view, empty where a namespace has none;
 * a kind that was not observed stays absent.
 */
export function namespaceViews(
  cluster: ObservedCluster,
): (namespace: string) => ObservedCluster {
  const observedKinds = Object.entries(cluster).filter(([, list]) => Array.isArray(list));
  const shared: Record<string, unknown[]> = {};
  const byNamespace = new Map<string, Record<string, unknown[]>>();
  const viewOf = (namespace: string) => {
    let view = byNamespace.get(namespace);
    if (!view) {
      view = {};
      for (const [kind] of observedKinds) if (!SHARED_KINDS.has(kind)) view[kind] = [];
      byNamespace.set(namespace, view);
    }
    return view;
  };
  for (const [kind, list] of observedKinds) {
    if (SHARED_KINDS.has(kind)) {
      shared[kind] = list as unknown[];
      continue;
    }
    for (const object of list as Array<{ metadata?: { namespace?: string } }>) {
      viewOf(object.metadata?.namespace ?? '')[kind].push(object);
    }
  }
  return namespace => ({ ...viewOf(namespace), ...shared }) as ObservedCluster;
}
