/**
 * The cluster objects health is evaluated from, as plain JSON: only the fields
 * the evaluation reads are typed, everything else is allowed and ignored.
 * Items of a Kubernetes list often carry no `apiVersion`/`kind`, so the kind
 * of an object is given by the array it is in (`ClusterObjects`), never read
 * from the object.
 */

export interface ObjectMeta {
  name: string;
  namespace?: string;
  generation?: number;
  creationTimestamp?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

export interface KubeObject {
  apiVersion?: string;
  kind?: string;
  metadata: ObjectMeta;
}

/** A `metav1.Condition` (Flux, CNPG) or a kind-specific condition (ESO, Pod, Job). */
export interface Condition {
  type: string;
  status: string;
  reason?: string;
  message?: string;
  lastTransitionTime?: string;
  observedGeneration?: number;
}

/** Fields shared by Flux objects. */
export interface FluxObject extends KubeObject {
  spec?: { suspend?: boolean; [key: string]: unknown };
  status?: {
    observedGeneration?: number;
    conditions?: Condition[];
    lastAttemptedRevision?: string;
    [key: string]: unknown;
  };
}

/** One Helm release in `status.history` of a HelmRelease (newest first). */
export interface HelmReleaseSnapshot {
  version?: number;
  name?: string;
  namespace?: string;
  status?: string;
  chartName?: string;
  chartVersion?: string;
  appVersion?: string;
  lastDeployed?: string;
}

/** `helm.toolkit.fluxcd.io/v2` HelmRelease. */
export interface HelmReleaseObject extends FluxObject {
  spec?: FluxObject['spec'] & {
    releaseName?: string;
    targetNamespace?: string;
    chart?: { spec?: { chart?: string; version?: string } };
    values?: Record<string, unknown>;
  };
  status?: FluxObject['status'] & {
    history?: HelmReleaseSnapshot[];
    lastAttemptedReleaseAction?: string;
  };
}

/** `kustomize.toolkit.fluxcd.io/v1` Kustomization. */
export interface KustomizationObject extends FluxObject {
  status?: FluxObject['status'] & { lastAppliedRevision?: string };
}

export interface ContainerState {
  waiting?: { reason?: string; message?: string };
  running?: { startedAt?: string };
  terminated?: {
    exitCode?: number;
    reason?: string;
    message?: string;
    startedAt?: string;
    finishedAt?: string;
  };
}

export interface ContainerStatus {
  name: string;
  ready?: boolean;
  started?: boolean;
  restartCount?: number;
  state?: ContainerState;
  lastState?: ContainerState;
}

export interface SecretKeySelector {
  name?: string;
  key?: string;
  optional?: boolean;
}

export interface Container {
  name: string;
  image?: string;
  resources?: {
    limits?: Record<string, string>;
    requests?: Record<string, string>;
  };
  env?: Array<{
    name: string;
    valueFrom?: { secretKeyRef?: SecretKeySelector };
  }>;
  envFrom?: Array<{ secretRef?: { name?: string; optional?: boolean } }>;
}

export interface PodSpec {
  containers?: Container[];
  initContainers?: Container[];
  volumes?: Array<{
    name: string;
    secret?: { secretName?: string; optional?: boolean };
  }>;
}

export interface PodObject extends KubeObject {
  spec?: PodSpec;
  status?: {
    phase?: string;
    reason?: string;
    message?: string;
    startTime?: string;
    conditions?: Condition[];
    containerStatuses?: ContainerStatus[];
    initContainerStatuses?: ContainerStatus[];
  };
}

export interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: Array<{
    key: string;
    operator: string;
    values?: string[];
  }>;
}

export interface PodTemplate {
  metadata?: { labels?: Record<string, string> };
  spec?: PodSpec;
}

/** `apps/v1` Deployment. */
export interface DeploymentObject extends KubeObject {
  spec?: {
    replicas?: number;
    paused?: boolean;
    selector?: LabelSelector;
    template?: PodTemplate;
  };
  status?: {
    observedGeneration?: number;
    replicas?: number;
    updatedReplicas?: number;
    readyReplicas?: number;
    availableReplicas?: number;
    conditions?: Condition[];
  };
}

/** `apps/v1` StatefulSet. */
export interface StatefulSetObject extends KubeObject {
  spec?: {
    replicas?: number;
    selector?: LabelSelector;
    template?: PodTemplate;
  };
  status?: {
    observedGeneration?: number;
    replicas?: number;
    updatedReplicas?: number;
    readyReplicas?: number;
    availableReplicas?: number;
  };
}

/** `apps/v1` DaemonSet. */
export interface DaemonSetObject extends KubeObject {
  spec?: { selector?: LabelSelector; template?: PodTemplate };
  status?: {
    observedGeneration?: number;
    desiredNumberScheduled?: number;
    numberReady?: number;
    updatedNumberScheduled?: number;
  };
}

/** `batch/v1` Job. */
export interface JobObject extends KubeObject {
  spec?: { suspend?: boolean; backoffLimit?: number; template?: PodTemplate };
  status?: {
    active?: number;
    succeeded?: number;
    failed?: number;
    startTime?: string;
    completionTime?: string;
    conditions?: Condition[];
  };
}

/** Core Service. */
export interface ServiceObject extends KubeObject {
  spec?: { selector?: Record<string, string> };
}

/** Core Endpoints (no `status`; the subsets are top-level). */
export interface EndpointsObject extends KubeObject {
  subsets?: Array<{
    addresses?: Array<{ ip?: string; targetRef?: { name?: string } }>;
    notReadyAddresses?: Array<{ ip?: string; targetRef?: { name?: string } }>;
  }>;
}

/** `discovery.k8s.io/v1` EndpointSlice, labelled `kubernetes.io/service-name`. */
export interface EndpointSliceObject extends KubeObject {
  endpoints?: Array<{
    conditions?: { ready?: boolean };
    targetRef?: { name?: string };
  }>;
}

/**
 * A core Secret as it may arrive from the cluster. Its `data`/`stringData`
 * are never read: `stripSecret` drops them at the input boundary.
 */
export interface SecretObject extends KubeObject {
  type?: string;
  data?: unknown;
  stringData?: unknown;
}

/** `external-secrets.io/v1` ExternalSecret. */
export interface ExternalSecretObject extends KubeObject {
  spec?: {
    secretStoreRef?: { name?: string; kind?: string };
    target?: { name?: string; creationPolicy?: string };
    refreshInterval?: string;
  };
  status?: { refreshTime?: string; conditions?: Condition[] };
}

/** `external-secrets.io/v1` SecretStore or ClusterSecretStore. */
export interface SecretStoreObject extends KubeObject {
  status?: { conditions?: Condition[] };
}

/** A backend of an IngressRoute route. */
export interface IngressRouteService {
  name: string;
  namespace?: string;
  kind?: string;
  port?: number | string;
}

/** `traefik.io/v1alpha1` IngressRoute (it has no status). */
export interface IngressRouteObject extends KubeObject {
  spec?: {
    routes?: Array<{ match?: string; services?: IngressRouteService[] }>;
  };
}

/** `postgresql.cnpg.io/v1` Cluster. */
export interface PostgresClusterObject extends KubeObject {
  spec?: { instances?: number };
  status?: {
    instances?: number;
    readyInstances?: number;
    phase?: string;
    phaseReason?: string;
    currentPrimary?: string;
    targetPrimary?: string;
    conditions?: Condition[];
  };
}

/**
 * Everything observed in one environment's cluster, one array per kind. An
 * absent array means "this kind was not observed" (its checks are `unknown`);
 * an empty array means "observed, there are none".
 */
export interface ClusterObjects {
  helmReleases?: HelmReleaseObject[];
  kustomizations?: KustomizationObject[];
  deployments?: DeploymentObject[];
  statefulSets?: StatefulSetObject[];
  daemonSets?: DaemonSetObject[];
  pods?: PodObject[];
  jobs?: JobObject[];
  services?: ServiceObject[];
  endpoints?: EndpointsObject[];
  endpointSlices?: EndpointSliceObject[];
  secrets?: SecretObject[];
  externalSecrets?: ExternalSecretObject[];
  secretStores?: SecretStoreObject[];
  clusterSecretStores?: SecretStoreObject[];
  ingressRoutes?: IngressRouteObject[];
  postgresClusters?: PostgresClusterObject[];
}

const KINDS: Record<string, keyof ClusterObjects> = {
  'helm.toolkit.fluxcd.io/HelmRelease': 'helmReleases',
  'kustomize.toolkit.fluxcd.io/Kustomization': 'kustomizations',
  'apps/Deployment': 'deployments',
  'apps/StatefulSet': 'statefulSets',
  'apps/DaemonSet': 'daemonSets',
  '/Pod': 'pods',
  'batch/Job': 'jobs',
  '/Service': 'services',
  '/Endpoints': 'endpoints',
  'discovery.k8s.io/EndpointSlice': 'endpointSlices',
  '/Secret': 'secrets',
  'external-secrets.io/ExternalSecret': 'externalSecrets',
  'external-secrets.io/SecretStore': 'secretStores',
  'external-secrets.io/ClusterSecretStore': 'clusterSecretStores',
  'traefik.io/IngressRoute': 'ingressRoutes',
  'postgresql.cnpg.io/Cluster': 'postgresClusters',
};

/** The API group of an `apiVersion`: `apps/v1` is `apps`, `v1` is the core group `''`. */
export function apiGroupOf(apiVersion: string | undefined): string {
  if (!apiVersion) return '';
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}

/**
 * Sorts a flat list of complete objects (each with `apiVersion` and `kind`,
 * as in a YAML file) into `ClusterObjects`. Every kind is present in the
 * result, empty when the list has none: the list is taken as the whole
 * cluster. Kinds health does not look at are dropped.
 */
export function clusterObjectsFromList(
  objects: ReadonlyArray<KubeObject>,
): ClusterObjects {
  const result: Record<string, KubeObject[]> = {};
  for (const key of Object.values(KINDS)) result[key] = [];
  for (const object of objects) {
    const key = KINDS[`${apiGroupOf(object.apiVersion)}/${object.kind}`];
    if (key) result[key].push(object);
  }
  return result as ClusterObjects;
}

/** The condition of a type, if present. */
export function findCondition(
  conditions: ReadonlyArray<Condition> | undefined,
  type: string,
): Condition | undefined {
  return conditions?.find(c => c.type === type);
}
