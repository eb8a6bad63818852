/**
 * Carrying out runbook operations against one cluster: the read-only
 * diagnostics (`kubectl get/describe/logs/top`, `flux get`) and the actions
 * (Flux suspend/resume/reconcile, the ExternalSecret force-sync annotation,
 * deleting Jobs, rollout restart), each action with a server-side dry run
 * first and a check afterwards that the change is visible.
 *
 * With `./kubernetes.ts` this is the only module that talks to an API server:
 * {@link makeKubeApi} is the client-node part, {@link KubeOperations} works
 * on plain objects through the small {@link KubeApi} interface.
 */
import {
  ApiException,
  CoreV1Api,
  CustomObjectsApi,
  KubeConfig,
  KubernetesObjectApi,
  PatchStrategy,
  setHeaderOptions,
} from '@kubernetes/client-node';
import {
  ActionOperation,
  ActionPreview,
  AnnotateOperation,
  DeleteJobsOperation,
  DiagnosticOperation,
  FluxGetKind,
  FluxGetOperation,
  FluxObjectOperation,
  KubectlDescribeOperation,
  KubectlGetOperation,
  KubectlLogsOperation,
  KubectlTopPodsOperation,
  ObjectName,
  ResourceType,
  RolloutRestartOperation,
  RunOutput,
} from '@platform-services/plugin-platform-services-common';
import { describeObject } from '../runs/describe';
import {
  columnValue,
  evaluateTemplate,
  JsonPathError,
  sortByPath,
} from '../runs/jsonpath';
import { filterOutput, jsonText, yamlText } from '../runs/output';
import { safeMetadata, sanitizeSecret, SecretGuard } from '../runs/secrets';
import { objectName, objectTable } from '../runs/tables';
import { describeKubeError } from './kubernetes';

/** The field manager of every change the plugin makes; never `kubectl` or a controller's. */
export const FIELD_MANAGER = 'platform-services';

/** A Kubernetes object as plain JSON. */
export type KubeObject = Record<string, any> & {
  metadata?: Record<string, any> & { name?: string; namespace?: string };
};

/** Label and field selectors of a list. */
export interface ListSelectors {
  labelSelector?: string;
  fieldSelector?: string;
}

/** Options of a pod log read (`kubectl logs` flags). */
export interface PodLogOptions {
  container?: string;
  tailLines?: number;
  previous?: boolean;
  sinceSeconds?: number;
  timestamps?: boolean;
}

/** One pod's usage from the metrics API (`metrics.k8s.io`). */
export interface PodMetrics {
  metadata: { name: string; namespace?: string };
  containers: Array<{ name: string; usage: { cpu?: string; memory?: string } }>;
}

/**
 * The API calls the operations need, on plain objects. Secrets come back
 * without their values (see `sanitizeSecret`); their values go only to the
 * guard passed in, for the length of one operation.
 */
export interface KubeApi {
  /** One object, or `undefined` when it does not exist. */
  get(
    type: ResourceType,
    namespace: string | undefined,
    name: string,
    guard?: SecretGuard,
  ): Promise<KubeObject | undefined>;
  list(
    type: ResourceType,
    namespace: string | undefined,
    selectors?: ListSelectors,
    guard?: SecretGuard,
  ): Promise<KubeObject[]>;
  /** A JSON merge patch (`application/merge-patch+json`) under {@link FIELD_MANAGER}. */
  patch(
    type: ResourceType,
    namespace: string | undefined,
    name: string,
    patch: unknown,
    options: { dryRun: boolean },
  ): Promise<KubeObject>;
  /** A delete with `propagationPolicy: Background`, as kubectl deletes. */
  delete(
    type: ResourceType,
    namespace: string | undefined,
    name: string,
    options: { dryRun: boolean },
  ): Promise<KubeObject | undefined>;
  podLog(
    namespace: string,
    pod: string,
    options: PodLogOptions,
  ): Promise<string>;
  /** Pod metrics, or `undefined` when the cluster does not serve the metrics API. */
  podMetrics(
    namespace: string,
    options: { name?: string; labelSelector?: string },
  ): Promise<PodMetrics[] | undefined>;
}

/** A failed API call, with a message that names the verb, the resource and the place. */
export class KubeOperationError extends Error {
  constructor(message: string, readonly status?: number) {
    super(message);
    this.name = 'KubeOperationError';
  }
}

function qualified(type: ResourceType): string {
  return type.group ? `${type.plural}.${type.group}` : type.plural;
}

function where(namespace: string | undefined): string {
  return namespace ? `in ${namespace}` : 'cluster-wide';
}

function parseStatus(
  body: unknown,
):
  | { reason?: string; message?: string; details?: { name?: string } }
  | undefined {
  if (typeof body === 'string') {
    try {
      return JSON.parse(body);
    } catch {
      return undefined;
    }
  }
  return body && typeof body === 'object' ? (body as any) : undefined;
}

/** Turns a client-node failure into a {@link KubeOperationError} that says what was refused. */
export function kubeError(
  error: unknown,
  verb: string,
  type: ResourceType,
  namespace: string | undefined,
  name?: string,
): KubeOperationError {
  if (error instanceof KubeOperationError) return error;
  const message = String((error as Error)?.message ?? error);
  if (/Unrecognized API version and kind/.test(message)) {
    return new KubeOperationError(
      `${qualified(type)}/${
        type.version
      } is not served by this cluster (is the CRD installed?)`,
      404,
    );
  }
  const code =
    error instanceof ApiException ? error.code : (error as any)?.code;
  const status =
    error instanceof ApiException ? parseStatus(error.body) : undefined;
  if (code === 403) {
    return new KubeOperationError(
      `the cluster identity may not ${verb} ${type.plural} ${where(
        namespace,
      )} (403)${status?.message ? `: ${status.message}` : ''}`,
      403,
    );
  }
  if (code === 404) {
    if (status?.reason === 'NotFound' && status.details?.name) {
      return new KubeOperationError(
        `${qualified(type)} "${status.details.name}" not found ${where(
          namespace,
        )}`,
        404,
      );
    }
    return new KubeOperationError(
      `${qualified(type)}/${type.version} is not served by this cluster (404)`,
      404,
    );
  }
  if (typeof code === 'number') {
    const what = name ? `${qualified(type)} "${name}"` : qualified(type);
    return new KubeOperationError(
      `${verb} ${what} ${where(namespace)} failed (${code}${
        status?.reason ? ` ${status.reason}` : ''
      }): ${status?.message ?? describeKubeError(error)}`,
      code,
    );
  }
  return new KubeOperationError(
    `could not ${verb} ${qualified(type)} ${where(namespace)}: ${message}`,
  );
}

/** RFC 3339 without milliseconds when there are none, as the API server writes times. */
function timeText(d: Date): string {
  return d.toISOString().replace(/\.000Z$/, 'Z');
}

/** Fields client-node renames from their JSON names. */
const WIRE_NAMES: Record<string, string> = {
  _continue: 'continue',
  _from: 'from',
};

/** client-node's typed objects (with `Date`s) as the plain JSON the API server sent. */
function toPlain(value: unknown): any {
  if (value instanceof Date) return timeText(value);
  if (Array.isArray(value)) return value.map(toPlain);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      if (v === undefined) continue;
      out[WIRE_NAMES[k] ?? k] = toPlain(v);
    }
    return out;
  }
  return value;
}

function apiVersionOf(type: ResourceType): string {
  return type.group ? `${type.group}/${type.version}` : type.version;
}

/** Every object of a list, with its apiVersion and kind (lists leave them out) and without managedFields. */
function listed(type: ResourceType, item: any): KubeObject {
  const plain = toPlain(item);
  return {
    ...plain,
    apiVersion: plain.apiVersion ?? apiVersionOf(type),
    kind: plain.kind ?? type.kind,
    metadata: safeMetadata(plain.metadata ?? {}),
  };
}

// Resource types the operations address themselves.
const resourceType = (
  kind: string,
  group: string,
  version: string,
  plural: string,
  namespaced = true,
): ResourceType => ({
  kind,
  group,
  version,
  plural,
  namespaced,
});
const POD = resourceType('Pod', '', 'v1', 'pods');
const POD_LOG = resourceType('Pod', '', 'v1', 'pods/log');
const EVENT = resourceType('Event', '', 'v1', 'events');
const JOB = resourceType('Job', 'batch', 'v1', 'jobs');
const METRICS = resourceType('PodMetrics', 'metrics.k8s.io', 'v1beta1', 'pods');
const WORKLOADS: Record<string, ResourceType> = {
  deployment: resourceType('Deployment', 'apps', 'v1', 'deployments'),
  statefulset: resourceType('StatefulSet', 'apps', 'v1', 'statefulsets'),
  daemonset: resourceType('DaemonSet', 'apps', 'v1', 'daemonsets'),
};
const FLUX_TYPES: Record<FluxGetKind, ResourceType> = {
  HelmRelease: resourceType(
    'HelmRelease',
    'helm.toolkit.fluxcd.io',
    'v2',
    'helmreleases',
  ),
  Kustomization: resourceType(
    'Kustomization',
    'kustomize.toolkit.fluxcd.io',
    'v1',
    'kustomizations',
  ),
  GitRepository: resourceType(
    'GitRepository',
    'source.toolkit.fluxcd.io',
    'v1',
    'gitrepositories',
  ),
  HelmRepository: resourceType(
    'HelmRepository',
    'source.toolkit.fluxcd.io',
    'v1',
    'helmrepositories',
  ),
  HelmChart: resourceType(
    'HelmChart',
    'source.toolkit.fluxcd.io',
    'v1',
    'helmcharts',
  ),
  OCIRepository: resourceType(
    'OCIRepository',
    'source.toolkit.fluxcd.io',
    'v1',
    'ocirepositories',
  ),
  Bucket: resourceType('Bucket', 'source.toolkit.fluxcd.io', 'v1', 'buckets'),
};

/** The client-node implementation of {@link KubeApi} for one cluster. */
export function makeKubeApi(kc: KubeConfig, pageSize = 500): KubeApi {
  const objects = KubernetesObjectApi.makeApiClient(kc);
  const custom = kc.makeApiClient(CustomObjectsApi);
  const core = kc.makeApiClient(CoreV1Api);
  const merge = setHeaderOptions('Content-Type', PatchStrategy.MergePatch);

  const list: KubeApi['list'] = async (
    type,
    namespace,
    selectors = {},
    guard,
  ) => {
    const items: KubeObject[] = [];
    let continueToken: string | undefined;
    // 20 pages of 500 are far more than a runbook step should ever read.
    for (let page = 0; page < 20; page++) {
      let answer;
      try {
        answer = await objects.list(
          apiVersionOf(type),
          type.kind,
          namespace,
          undefined,
          undefined,
          undefined,
          selectors.fieldSelector,
          selectors.labelSelector,
          pageSize,
          continueToken,
        );
      } catch (e) {
        throw kubeError(e, 'list', type, namespace);
      }
      for (const raw of answer.items) {
        if (type.kind === 'Secret') {
          const { secret, values } = sanitizeSecret(raw);
          guard?.remember(values);
          items.push(toPlain(secret));
        } else {
          items.push(listed(type, raw));
        }
      }
      continueToken = (answer.metadata as any)?._continue || undefined;
      if (!continueToken) break;
    }
    return items;
  };

  const group = (type: ResourceType) => {
    if (!type.group) {
      throw new KubeOperationError(
        `changing ${type.plural} (core group) is not an action the portal runs`,
      );
    }
    return { group: type.group, version: type.version, plural: type.plural };
  };

  return {
    list,
    async get(type, namespace, name, guard) {
      // No `get` on Secrets (the read role has only list): a list by name, values dropped.
      if (type.kind === 'Secret') {
        const [secret] = await list(
          type,
          namespace,
          { fieldSelector: `metadata.name=${name}` },
          guard,
        );
        return secret;
      }
      try {
        const obj = await objects.read({
          apiVersion: apiVersionOf(type),
          kind: type.kind,
          metadata: {
            name,
            ...(type.namespaced && namespace ? { namespace } : {}),
          },
        });
        return listed(type, obj);
      } catch (e) {
        const error = kubeError(e, 'get', type, namespace, name);
        if (
          error.status === 404 &&
          /not found/.test(error.message) &&
          !/not served/.test(error.message)
        ) {
          return undefined;
        }
        throw error;
      }
    },
    async patch(type, namespace, name, body, { dryRun }) {
      const params = {
        ...group(type),
        name,
        body,
        fieldManager: FIELD_MANAGER,
        ...(dryRun ? { dryRun: 'All' } : {}),
      };
      try {
        const answer = namespace
          ? await custom.patchNamespacedCustomObject(
              { ...params, namespace },
              merge,
            )
          : await custom.patchClusterCustomObject(params, merge);
        return listed(type, answer);
      } catch (e) {
        throw kubeError(e, 'patch', type, namespace, name);
      }
    },
    async delete(type, namespace, name, { dryRun }) {
      const params = {
        ...group(type),
        name,
        propagationPolicy: 'Background',
        ...(dryRun ? { dryRun: 'All' } : {}),
      };
      try {
        const answer = namespace
          ? await custom.deleteNamespacedCustomObject({ ...params, namespace })
          : await custom.deleteClusterCustomObject(params);
        return answer?.kind === 'Status' ? undefined : listed(type, answer);
      } catch (e) {
        throw kubeError(e, 'delete', type, namespace, name);
      }
    },
    async podLog(namespace, pod, options) {
      try {
        return await core.readNamespacedPodLog({
          name: pod,
          namespace,
          ...options,
        });
      } catch (e) {
        const code = e instanceof ApiException ? e.code : undefined;
        if (code === 403) throw kubeError(e, 'get', POD_LOG, namespace, pod);
        const status =
          e instanceof ApiException ? parseStatus(e.body) : undefined;
        throw new KubeOperationError(
          `could not read the logs of pod ${namespace}/${pod}${
            options.container ? ` (container ${options.container})` : ''
          }: ${status?.message ?? describeKubeError(e)}`,
          code,
        );
      }
    },
    async podMetrics(namespace, { name, labelSelector }) {
      const params = {
        group: 'metrics.k8s.io',
        version: 'v1beta1',
        namespace,
        plural: 'pods',
      };
      try {
        if (name)
          return [await custom.getNamespacedCustomObject({ ...params, name })];
        const answer = await custom.listNamespacedCustomObject({
          ...params,
          labelSelector,
        });
        return answer?.items ?? [];
      } catch (e) {
        const code = e instanceof ApiException ? e.code : undefined;
        // Not served: no APIService (404) or one whose backend is down (503).
        if (code === 404 && !name) return undefined;
        if (code === 503) return undefined;
        if (code === 404) {
          const status = parseStatus((e as ApiException<unknown>).body);
          if (status?.details?.name) return [];
          return undefined;
        }
        throw kubeError(e, 'list', METRICS, namespace);
      }
    },
  };
}

/** The Flux annotations of a reconcile request (fluxcd/pkg `apis/meta`). */
export const FLUX_ANNOTATIONS = {
  requestedAt: 'reconcile.fluxcd.io/requestedAt',
  forceAt: 'reconcile.fluxcd.io/forceAt',
  resetAt: 'reconcile.fluxcd.io/resetAt',
} as const;

/** The annotation `kubectl rollout restart` sets on the pod template. */
export const RESTARTED_AT = 'kubectl.kubernetes.io/restartedAt';

const DNS_NAME =
  /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** Receives progress lines of a run. */
export type Progress = (message: string) => void;

/** Options of {@link KubeOperations}. */
export interface KubeOperationsOptions {
  now?: () => Date;
  /** How long to wait for a Flux controller to handle a reconcile request. Default 20 s. */
  reconcileWaitMs?: number;
  /** How long to wait for any other change to be visible. Default 10 s. */
  followTimeoutMs?: number;
  pollIntervalMs?: number;
  /** Log lines returned when the step gives no `--tail`. Default 500. */
  defaultLogLines?: number;
  /** The most log lines returned whatever `--tail` says. Default 5000. */
  maxLogLines?: number;
  /** The most pods whose logs one step reads. Default 20. */
  maxLogPods?: number;
}

/** One API call an action makes, the same in the dry run and for real. */
type ActionCall =
  | {
      kind: 'patch';
      type: ResourceType;
      namespace?: string;
      name: string;
      patch: unknown;
      describe: string;
    }
  | {
      kind: 'delete';
      type: ResourceType;
      namespace: string;
      name: string;
      describe: string;
    };

interface ActionPlan {
  summary: string;
  calls: ActionCall[];
  /** Objects that go with the deleted ones (a Job's pods). */
  dependents: Array<{
    apiVersion: string;
    kind: string;
    namespace?: string;
    name: string;
  }>;
}

/** What an executed action changed, for {@link KubeOperations.followOutcome}. */
export interface ExecutedAction {
  operation: ActionOperation;
  calls: ActionCall[];
}

function ref(type: ResourceType, namespace: string | undefined, name: string) {
  return {
    apiVersion: apiVersionOf(type),
    kind: type.kind,
    ...(namespace ? { namespace } : {}),
    name,
  };
}

function describeRef(
  type: ResourceType,
  namespace: string | undefined,
  name: string,
) {
  return `${type.kind} ${namespace ? `${namespace}/` : ''}${name}`;
}

function durationSeconds(text: string): number | undefined {
  const m = /^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/.exec(text.trim());
  if (!m || text.trim() === '') return undefined;
  return Number(m[1] ?? 0) * 3600 + Number(m[2] ?? 0) * 60 + Number(m[3] ?? 0);
}

/** A label selector object as the text of a `labelSelector` query. */
function selectorQuery(selector: any): string | undefined {
  if (!selector) return undefined;
  const parts = Object.entries<string>(selector.matchLabels ?? {}).map(
    ([k, v]) => `${k}=${v}`,
  );
  for (const e of selector.matchExpressions ?? []) {
    const values = (e.values ?? []).join(',');
    if (e.operator === 'In') parts.push(`${e.key} in (${values})`);
    else if (e.operator === 'NotIn') parts.push(`${e.key} notin (${values})`);
    else if (e.operator === 'Exists') parts.push(e.key);
    else if (e.operator === 'DoesNotExist') parts.push(`!${e.key}`);
  }
  return parts.length ? parts.join(',') : undefined;
}

function condition(obj: KubeObject | undefined, conditionType: string): any {
  return (obj?.status?.conditions ?? []).find(
    (c: any) => c?.type === conditionType,
  );
}

const PHASE_RANK: Record<string, number> = {
  Running: 0,
  Unknown: 1,
  Pending: 2,
};

/** kubectl's order for picking "the" pod of a workload (podutils.ByLogging): ready, running, older first. */
function byLogging(a: KubeObject, b: KubeObject): number {
  const rank = (p: KubeObject) => {
    const phase = p.status?.phase;
    return [
      p.spec?.nodeName ? 0 : 1,
      PHASE_RANK[phase] ?? 3,
      condition(p, 'Ready')?.status === 'True' ? 0 : 1,
      -(p.status?.containerStatuses ?? []).reduce(
        (n: number, s: any) => n + (s.restartCount ?? 0),
        0,
      ),
      Date.parse(p.metadata?.creationTimestamp ?? '') ||
        Number.MAX_SAFE_INTEGER,
    ];
  };
  const ra = rank(a);
  const rb = rank(b);
  for (let i = 0; i < ra.length; i++) if (ra[i] !== rb[i]) return ra[i] - rb[i];
  return 0;
}

function cpuMillis(q: string | undefined): number {
  const m = /^([\d.]+)([numkMG]?)$/.exec(q ?? '');
  if (!m) return 0;
  const v = Number(m[1]);
  const factor: Record<string, number> = {
    n: 1e-6,
    u: 1e-3,
    m: 1,
    '': 1000,
    k: 1e6,
    M: 1e9,
    G: 1e12,
  };
  return v * factor[m[2]];
}

function memoryMi(q: string | undefined): number {
  const m = /^([\d.]+)(Ki|Mi|Gi|Ti|k|M|G|T|m)?$/.exec(q ?? '');
  if (!m) return 0;
  const factor: Record<string, number> = {
    '': 1,
    m: 1e-3,
    k: 1e3,
    M: 1e6,
    G: 1e9,
    T: 1e12,
    Ki: 1024,
    Mi: 1024 ** 2,
    Gi: 1024 ** 3,
    Ti: 1024 ** 4,
  };
  return (Number(m[1]) * factor[m[2] ?? '']) / 1024 ** 2;
}

/** The message of a `metrics API not available` answer, a normal outcome of `kubectl top` on such a cluster. */
export const METRICS_NOT_AVAILABLE =
  'metrics API not available in this cluster: metrics.k8s.io is not served (kubectl top needs metrics-server)';

/**
 * Runs typed runbook operations against one cluster. Diagnostics only read;
 * every action is a dry run first ({@link KubeOperations.preview}), then the
 * same calls for real ({@link KubeOperations.execute}), then a check that the
 * change is visible ({@link KubeOperations.followOutcome}).
 */
export class KubeOperations {
  /** Operations on the cluster a kubeconfig points at. */
  static fromKubeConfig(
    kc: KubeConfig,
    options: KubeOperationsOptions = {},
  ): KubeOperations {
    return new KubeOperations(makeKubeApi(kc), options);
  }

  private readonly now: () => Date;

  constructor(
    private readonly api: KubeApi,
    private readonly options: KubeOperationsOptions = {},
  ) {
    this.now = options.now ?? (() => new Date());
  }

  // ---------------------------------------------------------------- diagnostics

  /**
   * Runs a read-only operation and returns its output, filters applied.
   * Secret values never appear in it: Secrets are read without them, and
   * the output is scrubbed of the values of every Secret read on the way.
   */
  async diagnose(
    op: DiagnosticOperation,
    progress: Progress = () => {},
  ): Promise<RunOutput> {
    const guard = new SecretGuard();
    let output: RunOutput;
    switch (op.kind) {
      case 'kubectl-get':
        output = await this.kubectlGet(op, guard, progress);
        break;
      case 'kubectl-describe':
        output = await this.kubectlDescribe(op, guard, progress);
        break;
      case 'kubectl-logs':
        output = await this.kubectlLogs(op, guard, progress);
        break;
      case 'kubectl-top-pods':
        output = await this.kubectlTopPods(op);
        break;
      default:
        output = await this.fluxGet(op);
    }
    return guard.scrubValue(filterOutput(output, op.filters));
  }

  /** The name an operation names: as written, or what its nested `kubectl get` printed. */
  async resolveName(
    name: ObjectName,
    guard: SecretGuard,
    progress: Progress,
  ): Promise<string> {
    if (typeof name === 'string') return name;
    const output = await this.kubectlGet(name.from, guard, progress);
    const text = (
      output.kind === 'text' || output.kind === 'yaml' ? output.text : ''
    ).trim();
    if (text === '') {
      throw new KubeOperationError(
        `the nested \`kubectl get ${
          name.from.resource.plural
        }\` found nothing to name: no object matched${
          name.from.selector ? ` ${name.from.selector}` : ''
        } in ${name.from.namespace ?? 'the cluster'}`,
      );
    }
    if (!DNS_NAME.test(text) || text.length > 253) {
      const shown = text.length > 80 ? `${text.slice(0, 80)}…` : text;
      throw new KubeOperationError(
        `the nested \`kubectl get\` printed "${shown}", which is not a single object name`,
      );
    }
    progress(`The nested kubectl get named ${text}`);
    return text;
  }

  private async objectsOf(
    resource: ResourceType,
    namespace: string | undefined,
    name: ObjectName | undefined,
    selectors: ListSelectors,
    guard: SecretGuard,
    progress: Progress,
  ): Promise<{ items: KubeObject[]; named: boolean }> {
    if (name !== undefined) {
      const resolved = await this.resolveName(name, guard, progress);
      const obj = await this.api.get(resource, namespace, resolved, guard);
      if (!obj) {
        throw new KubeOperationError(
          `${qualified(resource)} "${resolved}" not found ${where(namespace)}`,
          404,
        );
      }
      return { items: [obj], named: true };
    }
    return {
      items: await this.api.list(resource, namespace, selectors, guard),
      named: false,
    };
  }

  private noResources(namespace: string | undefined): RunOutput {
    return {
      kind: 'text',
      text: namespace
        ? `No resources found in ${namespace} namespace.`
        : 'No resources found',
    };
  }

  private async kubectlGet(
    op: KubectlGetOperation,
    guard: SecretGuard,
    progress: Progress,
  ): Promise<RunOutput> {
    const { items: found, named } = await this.objectsOf(
      op.resource,
      op.namespace,
      op.name,
      { labelSelector: op.selector, fieldSelector: op.fieldSelector },
      guard,
      progress,
    );
    const items = op.sortBy ? sortByPath(found, op.sortBy) : found;
    const asList = {
      apiVersion: 'v1',
      kind: 'List',
      items,
      metadata: { resourceVersion: '' },
    };
    const subject = named ? items[0] : asList;
    const output = op.output;
    try {
      switch (output?.format) {
        case 'jsonpath':
          return {
            kind: 'text',
            text: evaluateTemplate(output.expression, subject),
          };
        case 'yaml':
          return { kind: 'yaml', text: yamlText(subject) };
        case 'json':
          return { kind: 'text', text: jsonText(subject) };
        case 'name':
          return {
            kind: 'text',
            text: items.map(o => objectName(op.resource, o)).join('\n'),
          };
        case 'custom-columns': {
          if (!named && items.length === 0)
            return this.noResources(op.namespace);
          return {
            kind: 'table',
            columns: output.columns.map(c => c.header),
            rows: items.map(o =>
              output.columns.map(c => columnValue(c.expression, o)),
            ),
          };
        }
        default: {
          if (!named && items.length === 0)
            return this.noResources(op.namespace);
          return {
            kind: 'table',
            ...objectTable(op.resource, items, {
              wide: output?.format === 'wide',
              showLabels: op.showLabels,
              labelColumns: op.labelColumns,
              now: this.now(),
            }),
          };
        }
      }
    } catch (e) {
      if (e instanceof JsonPathError)
        throw new KubeOperationError(
          `error executing the JSONPath: ${e.message}`,
        );
      throw e;
    }
  }

  private async eventsOf(
    obj: KubeObject,
    resource: ResourceType,
  ): Promise<KubeObject[] | undefined> {
    const namespace = obj.metadata?.namespace;
    if (!resource.namespaced || !namespace || resource.kind === 'Secret')
      return undefined;
    const events = await this.api.list(EVENT, namespace, {
      fieldSelector: `involvedObject.name=${
        obj.metadata!.name
      },involvedObject.namespace=${namespace}`,
    });
    const uid = obj.metadata?.uid;
    return events.filter(
      e =>
        e.involvedObject?.kind === resource.kind &&
        (!uid || !e.involvedObject?.uid || e.involvedObject.uid === uid),
    );
  }

  private async kubectlDescribe(
    op: KubectlDescribeOperation,
    guard: SecretGuard,
    progress: Progress,
  ): Promise<RunOutput> {
    const { items } = await this.objectsOf(
      op.resource,
      op.namespace,
      op.name,
      { labelSelector: op.selector },
      guard,
      progress,
    );
    if (items.length === 0) return this.noResources(op.namespace);
    const now = this.now();
    const texts: string[] = [];
    for (const obj of items) {
      texts.push(
        describeObject(
          op.resource,
          obj,
          await this.eventsOf(obj, op.resource),
          now,
        ),
      );
    }
    return { kind: 'text', text: texts.join('\n\n\n') };
  }

  /** The pods `kubectl logs` reads for a target: one for a named workload, every match for a selector. */
  private async logPods(
    op: KubectlLogsOperation,
    guard: SecretGuard,
    progress: Progress,
  ): Promise<KubeObject[]> {
    const { target, namespace } = op;
    if ('selector' in target) {
      const pods = await this.api.list(POD, namespace, {
        labelSelector: target.selector,
      });
      return pods.sort((a, b) =>
        a.metadata!.name! < b.metadata!.name! ? -1 : 1,
      );
    }
    const name = await this.resolveName(target.name, guard, progress);
    if (target.workload === 'pod') {
      const pod = await this.api.get(POD, namespace, name);
      if (!pod)
        throw new KubeOperationError(
          `pods "${name}" not found in ${namespace}`,
          404,
        );
      return [pod];
    }
    if (target.workload === 'job') {
      const job = await this.api.get(JOB, namespace, name);
      if (!job)
        throw new KubeOperationError(
          `jobs.batch "${name}" not found in ${namespace}`,
          404,
        );
      let pods = await this.api.list(POD, namespace, {
        labelSelector: `batch.kubernetes.io/job-name=${name}`,
      });
      if (pods.length === 0)
        pods = await this.api.list(POD, namespace, {
          labelSelector: `job-name=${name}`,
        });
      if (pods.length === 0)
        throw new KubeOperationError(`Job ${namespace}/${name} has no pods`);
      // The newest pod is the last attempt.
      pods.sort((a, b) =>
        (a.metadata?.creationTimestamp ?? '') <
        (b.metadata?.creationTimestamp ?? '')
          ? 1
          : -1,
      );
      return [pods[0]];
    }
    const workloadType = WORKLOADS[target.workload];
    const workload = await this.api.get(workloadType, namespace, name);
    if (!workload)
      throw new KubeOperationError(
        `${qualified(workloadType)} "${name}" not found in ${namespace}`,
        404,
      );
    const selector = selectorQuery(workload.spec?.selector);
    if (!selector)
      throw new KubeOperationError(
        `${describeRef(workloadType, namespace, name)} has no pod selector`,
      );
    const pods = await this.api.list(POD, namespace, {
      labelSelector: selector,
    });
    if (pods.length === 0)
      throw new KubeOperationError(
        `${describeRef(workloadType, namespace, name)} has no pods`,
      );
    pods.sort(byLogging);
    if (pods.length > 1)
      progress(
        `Found ${pods.length} pods, using pod/${pods[0].metadata!.name}`,
      );
    return [pods[0]];
  }

  private containersOf(op: KubectlLogsOperation, pod: KubeObject): string[] {
    const all: string[] = (pod.spec?.containers ?? []).map((c: any) => c.name);
    if (op.container) return [op.container];
    if (op.allContainers)
      return [
        ...(pod.spec?.initContainers ?? []).map((c: any) => c.name),
        ...all,
      ];
    const preferred =
      pod.metadata?.annotations?.['kubectl.kubernetes.io/default-container'];
    return [preferred && all.includes(preferred) ? preferred : all[0]].filter(
      Boolean,
    );
  }

  private async kubectlLogs(
    op: KubectlLogsOperation,
    guard: SecretGuard,
    progress: Progress,
  ): Promise<RunOutput> {
    const maxPods = this.options.maxLogPods ?? 20;
    const defaultLines = this.options.defaultLogLines ?? 500;
    const maxLines = this.options.maxLogLines ?? 5000;
    const wanted =
      op.tail === undefined || op.tail < 0
        ? defaultLines
        : Math.min(op.tail, maxLines);
    // One line more than wanted tells whether lines were left out.
    const mayCut = op.tail === undefined || op.tail < 0 || op.tail > maxLines;
    const sinceSeconds = op.since ? durationSeconds(op.since) : undefined;

    let pods = await this.logPods(op, guard, progress);
    if (pods.length > maxPods) {
      progress(`${pods.length} pods match; reading the first ${maxPods}`);
      pods = pods.slice(0, maxPods);
    }
    const reads = pods.flatMap(pod =>
      this.containersOf(op, pod).map(container => ({
        pod: pod.metadata!.name!,
        container,
      })),
    );
    const prefixed = 'selector' in op.target || reads.length > 1;
    const lines: string[] = [];
    let truncated = false;
    for (const { pod, container } of reads) {
      const prefix = prefixed ? `[pod/${pod}/${container}] ` : '';
      let text: string;
      try {
        text = await this.api.podLog(op.namespace, pod, {
          container,
          tailLines: mayCut ? wanted + 1 : wanted,
          previous: op.previous || undefined,
          sinceSeconds,
          timestamps: op.timestamps || undefined,
        });
      } catch (e) {
        if (reads.length === 1) throw e;
        lines.push(`${prefix}could not read the logs: ${(e as Error).message}`);
        continue;
      }
      let podLines = text === '' ? [] : text.replace(/\n$/, '').split('\n');
      if (mayCut && podLines.length > wanted) {
        podLines = podLines.slice(-wanted);
        truncated = true;
      }
      lines.push(...podLines.map(l => prefix + l));
    }
    return { kind: 'log', lines, ...(truncated ? { truncated: true } : {}) };
  }

  private async kubectlTopPods(
    op: KubectlTopPodsOperation,
  ): Promise<RunOutput> {
    const metrics = await this.api.podMetrics(op.namespace, {
      name: op.name,
      labelSelector: op.selector,
    });
    if (!metrics) return { kind: 'text', text: METRICS_NOT_AVAILABLE };
    if (metrics.length === 0) return this.noResources(op.namespace);
    const cpu = (q?: string) => `${Math.round(cpuMillis(q))}m`;
    const mem = (q?: string) => `${Math.round(memoryMi(q))}Mi`;
    const sorted = [...metrics].sort((a, b) =>
      a.metadata.name < b.metadata.name ? -1 : 1,
    );
    if (op.containers) {
      return {
        kind: 'table',
        columns: ['POD', 'NAME', 'CPU(cores)', 'MEMORY(bytes)'],
        rows: sorted.flatMap(p =>
          p.containers.map(c => [
            p.metadata.name,
            c.name,
            cpu(c.usage.cpu),
            mem(c.usage.memory),
          ]),
        ),
      };
    }
    return {
      kind: 'table',
      columns: ['NAME', 'CPU(cores)', 'MEMORY(bytes)'],
      rows: sorted.map(p => [
        p.metadata.name,
        `${Math.round(
          p.containers.reduce((n, c) => n + cpuMillis(c.usage.cpu), 0),
        )}m`,
        `${Math.round(
          p.containers.reduce((n, c) => n + memoryMi(c.usage.memory), 0),
        )}Mi`,
      ]),
    };
  }

  private async fluxGet(op: FluxGetOperation): Promise<RunOutput> {
    const fluxType = FLUX_TYPES[op.objectKind];
    let items: KubeObject[];
    if (op.name) {
      const obj = await this.api.get(fluxType, op.namespace, op.name);
      if (!obj) {
        throw new KubeOperationError(
          `${op.objectKind} object '${op.name}' not found in "${op.namespace}" namespace`,
          404,
        );
      }
      items = [obj];
    } else {
      items = await this.api.list(fluxType, op.namespace);
    }
    if (op.statusSelector) {
      const [key, value] = op.statusSelector.split('=');
      items = items.filter(o => {
        const c = (o.status?.conditions ?? []).find(
          (x: any) => String(x.type).toLowerCase() === key.toLowerCase(),
        );
        return (
          c && String(c.status).toLowerCase() === String(value).toLowerCase()
        );
      });
    }
    if (items.length === 0) {
      return {
        kind: 'text',
        text: `no ${op.objectKind} objects found in "${op.namespace}" namespace`,
      };
    }
    const revision = (o: KubeObject) => {
      if (op.objectKind === 'HelmRelease') {
        return (
          o.status?.history?.[0]?.chartVersion ??
          o.status?.lastAttemptedRevision ??
          ''
        );
      }
      if (op.objectKind === 'Kustomization')
        return o.status?.lastAppliedRevision ?? '';
      return o.status?.artifact?.revision ?? '';
    };
    return {
      kind: 'table',
      columns: ['NAME', 'REVISION', 'SUSPENDED', 'READY', 'MESSAGE'],
      rows: items.map(o => {
        const ready = condition(o, 'Ready');
        return [
          o.metadata?.name ?? '',
          revision(o),
          o.spec?.suspend ? 'True' : 'False',
          ready?.status ?? 'Unknown',
          String(ready?.message ?? ''),
        ];
      }),
    };
  }

  // -------------------------------------------------------------------- actions

  private async mustGet(
    resource: ResourceType,
    namespace: string | undefined,
    name: string,
  ): Promise<KubeObject> {
    const obj = await this.api.get(resource, namespace, name);
    if (!obj)
      throw new KubeOperationError(
        `${describeRef(resource, namespace, name)} not found`,
        404,
      );
    return obj;
  }

  /** The calls an action makes, worked out from the objects as they are now. */
  private async plan(op: ActionOperation): Promise<ActionPlan> {
    switch (op.kind) {
      case 'flux-suspend':
      case 'flux-resume':
        return this.planSuspend(op);
      case 'flux-reconcile':
        return this.planReconcile(op);
      case 'annotate':
        return this.planAnnotate(op);
      case 'delete-jobs':
        return this.planDeleteJobs(op);
      default:
        return this.planRestart(op);
    }
  }

  private async planSuspend(op: FluxObjectOperation): Promise<ActionPlan> {
    const fluxType = FLUX_TYPES[op.objectKind];
    const obj = await this.mustGet(fluxType, op.namespace, op.name);
    const suspend = op.kind === 'flux-suspend';
    const at = describeRef(fluxType, op.namespace, op.name);
    const already =
      !!obj.spec?.suspend === suspend
        ? ` (it already is ${suspend ? 'suspended' : 'not suspended'})`
        : '';
    return {
      summary: `Set spec.suspend to ${suspend} on ${at}${already}`,
      calls: [
        {
          kind: 'patch',
          type: fluxType,
          namespace: op.namespace,
          name: op.name,
          patch: { spec: { suspend } },
          describe: `${at}: spec.suspend=${suspend}`,
        },
      ],
      dependents: [],
    };
  }

  /** The source `flux reconcile --with-source` reconciles first. */
  private sourceOf(
    op: FluxObjectOperation,
    obj: KubeObject,
  ): { type: ResourceType; namespace: string; name: string } | undefined {
    if (op.objectKind === 'HelmRelease') {
      const chartRef = obj.spec?.chartRef;
      if (chartRef?.kind && FLUX_TYPES[chartRef.kind as FluxGetKind]) {
        return {
          type: FLUX_TYPES[chartRef.kind as FluxGetKind],
          namespace: chartRef.namespace ?? op.namespace,
          name: chartRef.name,
        };
      }
      const sourceRef = obj.spec?.chart?.spec?.sourceRef;
      if (!sourceRef) return undefined;
      // The generated HelmChart: `<hr-namespace>-<hr-name>` in the source's namespace.
      return {
        type: FLUX_TYPES.HelmChart,
        namespace: sourceRef.namespace ?? op.namespace,
        name: `${op.namespace}-${op.name}`,
      };
    }
    const sourceRef = obj.spec?.sourceRef;
    if (!sourceRef?.kind || !FLUX_TYPES[sourceRef.kind as FluxGetKind])
      return undefined;
    return {
      type: FLUX_TYPES[sourceRef.kind as FluxGetKind],
      namespace: sourceRef.namespace ?? op.namespace,
      name: sourceRef.name,
    };
  }

  private async planReconcile(op: FluxObjectOperation): Promise<ActionPlan> {
    const fluxType = FLUX_TYPES[op.objectKind];
    const obj = await this.mustGet(fluxType, op.namespace, op.name);
    const at = describeRef(fluxType, op.namespace, op.name);
    if (obj.spec?.suspend) {
      throw new KubeOperationError(
        `${at} is suspended; resume it before asking for a reconcile (as \`flux reconcile\` refuses)`,
      );
    }
    const token = this.now().toISOString();
    const annotations: Record<string, string> = {
      [FLUX_ANNOTATIONS.requestedAt]: token,
    };
    if (op.force) annotations[FLUX_ANNOTATIONS.forceAt] = token;
    if (op.reset) annotations[FLUX_ANNOTATIONS.resetAt] = token;
    const calls: ActionCall[] = [];
    if (op.withSource) {
      const source = this.sourceOf(op, obj);
      if (!source)
        throw new KubeOperationError(`${at} names no source to reconcile`);
      calls.push({
        kind: 'patch',
        ...source,
        patch: {
          metadata: { annotations: { [FLUX_ANNOTATIONS.requestedAt]: token } },
        },
        describe: `${describeRef(
          source.type,
          source.namespace,
          source.name,
        )}: ${FLUX_ANNOTATIONS.requestedAt}=${token}`,
      });
    }
    calls.push({
      kind: 'patch',
      type: fluxType,
      namespace: op.namespace,
      name: op.name,
      patch: { metadata: { annotations } },
      describe: `${at}: ${Object.keys(annotations).join(', ')}=${token}`,
    });
    const extras = [op.force && 'force', op.reset && 'reset']
      .filter(Boolean)
      .join(' and ');
    return {
      summary: `Ask Flux to reconcile ${at}${
        op.withSource ? ' and its source first' : ''
      }${extras ? ` (${extras})` : ''}: ${
        FLUX_ANNOTATIONS.requestedAt
      }=${token}`,
      calls,
      dependents: [],
    };
  }

  private async planAnnotate(op: AnnotateOperation): Promise<ActionPlan> {
    const obj = await this.mustGet(op.resource, op.namespace, op.name);
    const at = describeRef(op.resource, op.namespace, op.name);
    const existing = obj.metadata?.annotations?.[op.key];
    if (existing !== undefined && !op.overwrite) {
      throw new KubeOperationError(
        `${at} already has the annotation ${op.key}="${existing}" and the step does not say --overwrite (kubectl would refuse too)`,
      );
    }
    const value =
      'literal' in op.value
        ? op.value.literal
        : String(Math.floor(this.now().getTime() / 1000));
    return {
      summary: `Set the annotation ${op.key}=${value} on ${at}${
        existing !== undefined ? ` (was "${existing}")` : ''
      }`,
      calls: [
        {
          kind: 'patch',
          type: op.resource,
          namespace: op.namespace,
          name: op.name,
          patch: { metadata: { annotations: { [op.key]: value } } },
          describe: `${at}: ${op.key}=${value}`,
        },
      ],
      dependents: [],
    };
  }

  private async planDeleteJobs(op: DeleteJobsOperation): Promise<ActionPlan> {
    const jobs = await this.api.list(JOB, op.namespace, {
      labelSelector: op.selector,
    });
    if (jobs.length === 0) {
      return {
        summary: `No Job matches ${op.selector} in ${op.namespace}: nothing to delete`,
        calls: [],
        dependents: [],
      };
    }
    const dependents: ActionPlan['dependents'] = [];
    for (const job of jobs) {
      const name = job.metadata!.name!;
      let pods = await this.api.list(POD, op.namespace, {
        labelSelector: `batch.kubernetes.io/job-name=${name}`,
      });
      if (pods.length === 0)
        pods = await this.api.list(POD, op.namespace, {
          labelSelector: `job-name=${name}`,
        });
      dependents.push(
        ...pods.map(p => ref(POD, op.namespace, p.metadata!.name!)),
      );
    }
    const names = jobs.map(j => j.metadata!.name!);
    const plural = (n: number, word: string) =>
      `${n} ${word}${n === 1 ? '' : 's'}`;
    const pods = dependents.length
      ? ` and, through propagation, ${plural(
          dependents.length,
          'Pod',
        )} (${dependents.map(d => d.name).join(', ')})`
      : '';
    return {
      summary: `Delete ${plural(jobs.length, 'Job')} matching ${
        op.selector
      } in ${op.namespace} (${names.join(', ')})${pods}`,
      calls: names.map(name => ({
        kind: 'delete' as const,
        type: JOB,
        namespace: op.namespace,
        name,
        describe: `Job ${op.namespace}/${name} (propagationPolicy Background)`,
      })),
      dependents,
    };
  }

  private async planRestart(op: RolloutRestartOperation): Promise<ActionPlan> {
    const at = timeText(
      new Date(Math.floor(this.now().getTime() / 1000) * 1000),
    );
    const calls: ActionCall[] = [];
    for (const target of op.targets) {
      const workloadType = WORKLOADS[target.resource];
      const obj = await this.mustGet(workloadType, op.namespace, target.name);
      if (target.resource === 'deployment' && obj.spec?.paused) {
        throw new KubeOperationError(
          `can't restart paused ${describeRef(
            workloadType,
            op.namespace,
            target.name,
          )} (run \`kubectl rollout resume\` first)`,
        );
      }
      calls.push({
        kind: 'patch',
        type: workloadType,
        namespace: op.namespace,
        name: target.name,
        patch: {
          spec: {
            template: { metadata: { annotations: { [RESTARTED_AT]: at } } },
          },
        },
        describe: `${describeRef(
          workloadType,
          op.namespace,
          target.name,
        )}: ${RESTARTED_AT}=${at}`,
      });
    }
    const names = op.targets.map(
      t => `${WORKLOADS[t.resource].kind} ${op.namespace}/${t.name}`,
    );
    return {
      summary: `Restart ${names.join(
        ', ',
      )} (pod template annotation ${RESTARTED_AT}=${at})`,
      calls,
      dependents: [],
    };
  }

  private async send(
    call: ActionCall,
    dryRun: boolean,
  ): Promise<KubeObject | undefined> {
    return call.kind === 'patch'
      ? this.api.patch(call.type, call.namespace, call.name, call.patch, {
          dryRun,
        })
      : this.api.delete(call.type, call.namespace, call.name, { dryRun });
  }

  /**
   * The action as a server-side dry run (`dryRun=All`): every call goes
   * through authentication, authorisation, admission and validation, and
   * nothing is stored. The preview lists what the API server accepted.
   */
  async preview(
    op: ActionOperation,
  ): Promise<Omit<ActionPreview, 'confirmation'>> {
    const plan = await this.plan(op);
    const patches: ActionPreview['patches'] = [];
    const deletes: ActionPreview['deletes'] = [];
    for (const call of plan.calls) {
      await this.send(call, true);
      if (call.kind === 'patch') {
        patches.push({
          object: ref(call.type, call.namespace, call.name),
          contentType: PatchStrategy.MergePatch,
          patch: call.patch,
        });
      } else {
        deletes.push(ref(call.type, call.namespace, call.name));
      }
    }
    deletes.push(...plan.dependents);
    return { summary: plan.summary, patches, deletes };
  }

  /** Makes the change: the same calls as the preview, for real, under the plugin's field manager. */
  async execute(
    op: ActionOperation,
    progress: Progress = () => {},
  ): Promise<ExecutedAction> {
    const plan = await this.plan(op);
    if (plan.calls.length === 0) progress(plan.summary);
    for (const call of plan.calls) {
      await this.send(call, false);
      progress(
        call.kind === 'patch'
          ? `Patched ${call.describe}`
          : `Deleted ${call.describe}`,
      );
    }
    if (plan.dependents.length) {
      progress(
        `The garbage collector deletes their pods: ${plan.dependents
          .map(d => d.name)
          .join(', ')}`,
      );
    }
    return { operation: op, calls: plan.calls };
  }

  private async poll<T>(
    timeoutMs: number,
    probe: () => Promise<T | undefined>,
  ): Promise<T | undefined> {
    const interval = this.options.pollIntervalMs ?? 500;
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = await probe();
      if (value !== undefined) return value;
      if (Date.now() + interval > deadline) return undefined;
      await new Promise(resolve => setTimeout(resolve, interval));
    }
  }

  /**
   * Waits, within bounds, until the change is visible and says what was
   * seen. A reconcile the controller has not handled in time is not a
   * failure: the request stands.
   */
  async followOutcome(
    executed: ExecutedAction,
    progress: Progress = () => {},
  ): Promise<string> {
    const op = executed.operation;
    const timeout = this.options.followTimeoutMs ?? 10_000;
    const patches = executed.calls.filter(
      (c): c is Extract<ActionCall, { kind: 'patch' }> => c.kind === 'patch',
    );
    const target = patches[patches.length - 1];
    const at = target
      ? describeRef(target.type, target.namespace, target.name)
      : '';
    let message: string;
    switch (op.kind) {
      case 'flux-suspend':
      case 'flux-resume': {
        const suspend = op.kind === 'flux-suspend';
        const seen = await this.poll(timeout, async () => {
          const obj = await this.api.get(
            target.type,
            target.namespace,
            target.name,
          );
          return !!obj?.spec?.suspend === suspend ? true : undefined;
        });
        if (!seen)
          message = `${at}: spec.suspend does not read back ${suspend} yet`;
        else if (suspend)
          message = `${at} is suspended: spec.suspend reads back true`;
        else {
          message = `${at} is resumed: spec.suspend reads back false; the controller reconciles it on its next run`;
        }
        break;
      }
      case 'flux-reconcile': {
        const token = (target.patch as any).metadata.annotations[
          FLUX_ANNOTATIONS.requestedAt
        ];
        progress(`Waiting for the controller to handle the request (${token})`);
        const handled = await this.poll(
          this.options.reconcileWaitMs ?? 20_000,
          async () => {
            const obj = await this.api.get(
              target.type,
              target.namespace,
              target.name,
            );
            return obj?.status?.lastHandledReconcileAt === token
              ? obj
              : undefined;
          },
        );
        if (handled) {
          const ready = condition(handled, 'Ready');
          message = `The controller handled the request for ${at}${
            ready
              ? `; Ready=${ready.status}${
                  ready.message ? `: ${ready.message}` : ''
                }`
              : ''
          }`;
        } else {
          message = `Reconcile of ${at} requested; the controller has not handled it yet (status.lastHandledReconcileAt is not ${token})`;
        }
        break;
      }
      case 'annotate': {
        const value = (target.patch as any).metadata.annotations[op.key];
        const seen = await this.poll(timeout, async () => {
          const obj = await this.api.get(
            target.type,
            target.namespace,
            target.name,
          );
          return obj?.metadata?.annotations?.[op.key] === value
            ? true
            : undefined;
        });
        message = seen
          ? `${at} has ${op.key}=${value}${
              op.resource.kind === 'ExternalSecret'
                ? '; External Secrets syncs it on its next reconcile'
                : ''
            }`
          : `${at}: the annotation ${op.key} does not read back ${value} yet`;
        break;
      }
      case 'delete-jobs': {
        const deleted = new Set(executed.calls.map(c => c.name));
        if (deleted.size === 0) return 'Nothing was deleted';
        const left = await this.poll(timeout, async () => {
          const jobs = await this.api.list(JOB, op.namespace, {
            labelSelector: op.selector,
          });
          return jobs.some(j => deleted.has(j.metadata!.name!))
            ? undefined
            : [];
        });
        message = left
          ? `The Jobs are gone: ${[...deleted].join(', ')}`
          : `Deleted; some of ${[...deleted].join(
              ', ',
            )} are still being removed`;
        break;
      }
      default: {
        const results: string[] = [];
        for (const call of patches) {
          const value = (call.patch as any).spec.template.metadata.annotations[
            RESTARTED_AT
          ];
          const seen = await this.poll(timeout, async () => {
            const obj = await this.api.get(
              call.type,
              call.namespace,
              call.name,
            );
            return obj?.spec?.template?.metadata?.annotations?.[
              RESTARTED_AT
            ] === value
              ? true
              : undefined;
          });
          results.push(
            `${describeRef(call.type, call.namespace, call.name)} ${
              seen
                ? `restarts: ${RESTARTED_AT}=${value}`
                : 'does not show the restart annotation yet'
            }`,
          );
        }
        message = results.join('; ');
      }
    }
    progress(message);
    return message;
  }
}
