/**
 * The kinds of object the watch cache keeps, and where each is watched:
 * `flux` kinds in the namespaces of the catalog's Flux objects, `service`
 * kinds in the namespaces the catalog's services run in, `cluster` kinds
 * cluster-wide.
 */
export interface WatchedKind {
  /** Key in a cluster snapshot. */
  key: keyof ClusterObjects;
  group: string;
  version: string;
  plural: string;
  kind: string;
  scope: 'flux' | 'service' | 'cluster';
}

/** A Kubernetes object as the cache keeps it: plain JSON, bulk stripped. */
export interface KubeObject {
  apiVersion?: string;
  kind?: string;
  metadata: {
    name: string;
    namespace?: string;
    uid?: string;
    generation?: number;
    resourceVersion?: string;
    creationTimestamp?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    ownerReferences?: Array<{ kind: string; name: string; uid?: string; controller?: boolean }>;
    deletionTimestamp?: string;
  };
  spec?: any;
  status?: any;
  [key: string]: any;
}

/** Everything the cache holds for one cluster, by kind. */
export interface ClusterObjects {
  helmReleases: KubeObject[];
  kustomizations: KubeObject[];
  deployments: KubeObject[];
  statefulSets: KubeObject[];
  daemonSets: KubeObject[];
  pods: KubeObject[];
  jobs: KubeObject[];
  services: KubeObject[];
  endpoints: KubeObject[];
  secrets: KubeObject[];
  externalSecrets: KubeObject[];
  secretStores: KubeObject[];
  clusterSecretStores: KubeObject[];
  ingressRoutes: KubeObject[];
  postgresClusters: KubeObject[];
}

export const WATCHED_KINDS: WatchedKind[] = [
  { key: 'helmReleases', group: 'helm.toolkit.fluxcd.io', version: 'v2', plural: 'helmreleases', kind: 'HelmRelease', scope: 'flux' },
  { key: 'kustomizations', group: 'kustomize.toolkit.fluxcd.io', version: 'v1', plural: 'kustomizations', kind: 'Kustomization', scope: 'flux' },
  { key: 'deployments', group: 'apps', version: 'v1', plural: 'deployments', kind: 'Deployment', scope: 'service' },
  { key: 'statefulSets', group: 'apps', version: 'v1', plural: 'statefulsets', kind: 'StatefulSet', scope: 'service' },
  { key: 'daemonSets', group: 'apps', version: 'v1', plural: 'daemonsets', kind: 'DaemonSet', scope: 'service' },
  { key: 'pods', group: '', version: 'v1', plural: 'pods', kind: 'Pod', scope: 'service' },
  { key: 'jobs', group: 'batch', version: 'v1', plural: 'jobs', kind: 'Job', scope: 'service' },
  { key: 'services', group: '', version: 'v1', plural: 'services', kind: 'Service', scope: 'service' },
  { key: 'endpoints', group: '', version: 'v1', plural: 'endpoints', kind: 'Endpoints', scope: 'service' },
  { key: 'secrets', group: '', version: 'v1', plural: 'secrets', kind: 'Secret', scope: 'service' },
  { key: 'externalSecrets', group: 'external-secrets.io', version: 'v1', plural: 'externalsecrets', kind: 'ExternalSecret', scope: 'service' },
  { key: 'secretStores', group: 'external-secrets.io', version: 'v1', plural: 'secretstores', kind: 'SecretStore', scope: 'service' },
  { key: 'clusterSecretStores', group: 'external-secrets.io', version: 'v1', plural: 'clustersecretstores', kind: 'ClusterSecretStore', scope: 'cluster' },
  { key: 'ingressRoutes', group: 'traefik.io', version: 'v1alpha1', plural: 'ingressroutes', kind: 'IngressRoute', scope: 'service' },
  { key: 'postgresClusters', group: 'postgresql.cnpg.io', version: 'v1', plural: 'clusters', kind: 'Cluster', scope: 'service' },
];

/** The REST path of a kind, in one namespace or cluster-wide. */
export function kindPath(kind: WatchedKind, namespace?: string): string {
  const prefix = kind.group ? `/apis/${kind.group}/${kind.version}` : `/api/${kind.version}`;
  return namespace
    ? `${prefix}/namespaces/${encodeURIComponent(namespace)}/${kind.plural}`
    : `${prefix}/${kind.plural}`;
}

/** An empty snapshot. */
export function emptyObjects(): ClusterObjects {
  const objects = {} as ClusterObjects;
  for (const kind of WATCHED_KINDS) objects[kind.key] = [];
  return objects;
}

/**
 * What the cache keeps of an object: no managedFields or last-applied
 * annotation, and for Secrets nothing of their values, only that they exist.
 */
export function slimObject(kind: WatchedKind, obj: any): KubeObject {
  const { managedFields: _m, ...metadata } = obj.metadata ?? {};
  if (metadata.annotations) {
    const { 'kubectl.kubernetes.io/last-applied-configuration': _l, ...rest } = metadata.annotations;
    metadata.annotations = rest;
  }
  if (kind.key === 'secrets') {
    return {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata,
      type: obj.type,
      keys: Object.keys(obj.data ?? {}).sort(),
    };
  }
  const { metadata: _md, ...rest } = obj;
  return { ...rest, apiVersion: obj.apiVersion ?? kindApiVersion(kind), kind: obj.kind ?? kind.kind, metadata };
}

function kindApiVersion(kind: WatchedKind) {
  return kind.group ? `${kind.group}/${kind.version}` : kind.version;
}
