/*
 * A scenario on the reconciling stack (controllers and kwok running): the stack writes what a
 * person, Helm or an operator we do not run would write, and leaves the rest to the controllers.
 *
 * - Pods of a Deployment, StatefulSet, DaemonSet or Job, and the Endpoints of a Service with a
 *   selector, are not written: the ReplicaSets, the Job controller and the endpoints controller
 *   make them. Other Pods (CloudNativePG's instances: no CNPG operator runs) are written without a
 *   node (the scheduler places them) and without status (kwok runs them).
 * - Workloads, Jobs and Services are written without status: their controllers report it.
 * - What goes wrong with a running pod is a kwok stage (tools/stack/kwok/stages.yaml) that the
 *   scenario chooses in `faults:`: the stack annotates the matching pods, kwok moves them there.
 *   Leaving the scenario deletes those pods, and their owners make healthy ones.
 *
 * Custom resources whose controllers do not run here (HelmRelease, ExternalSecret, CNPG Cluster,
 * ...) keep the status their files give.
 */
import type { KubeObject, KubeRest } from './kube.ts';
import { waitUntil } from './processes.ts';
import type { PodFault, Scenario } from './scenarios.ts';

/** The annotations kwok's stages select on. */
export const faultAnnotation = 'stack.platform-services.io/fault';
export const faultRestartsAnnotation =
  'stack.platform-services.io/fault-restarts';

/** Kinds whose status their controller writes on the reconciling stack. */
const controllerStatusKinds = new Set([
  'Deployment',
  'StatefulSet',
  'DaemonSet',
  'ReplicaSet',
  'Job',
  'Pod',
  'Service',
  'Endpoints',
]);

const podOwnerKinds = new Set([
  'Deployment',
  'StatefulSet',
  'DaemonSet',
  'ReplicaSet',
]);
const jobNameLabels = ['batch.kubernetes.io/job-name', 'job-name'];

type Labels = Record<string, string>;

function labelsOf(object: KubeObject): Labels {
  return (object.metadata.labels as Labels | undefined) ?? {};
}

function matchLabelsOf(object: KubeObject): Labels | undefined {
  const spec = object.spec as
    | { selector?: { matchLabels?: Labels } | Labels }
    | undefined;
  if (!spec?.selector) return undefined;
  if (object.kind === 'Service') return spec.selector as Labels;
  return (spec.selector as { matchLabels?: Labels }).matchLabels;
}

function selects(selector: Labels | undefined, labels: Labels): boolean {
  if (!selector || Object.keys(selector).length === 0) return false;
  return Object.entries(selector).every(
    ([key, value]) => labels[key] === value,
  );
}

/** Whether a controller of the stack makes this Pod (a workload's or a Job's). */
function ownedPod(pod: KubeObject, objects: readonly KubeObject[]): boolean {
  const namespace = pod.metadata.namespace;
  const labels = labelsOf(pod);
  return objects.some(owner => {
    if (owner.metadata.namespace !== namespace) return false;
    if (owner.kind === 'Job') {
      return jobNameLabels.some(l => labels[l] === owner.metadata.name);
    }
    return (
      podOwnerKinds.has(owner.kind) && selects(matchLabelsOf(owner), labels)
    );
  });
}

/** Whether the endpoints controller makes these Endpoints (its Service has a selector). */
function ownedEndpoints(
  endpoints: KubeObject,
  objects: readonly KubeObject[],
): boolean {
  return objects.some(
    service =>
      service.kind === 'Service' &&
      service.metadata.namespace === endpoints.metadata.namespace &&
      service.metadata.name === endpoints.metadata.name &&
      Object.keys(matchLabelsOf(service) ?? {}).length > 0,
  );
}

/**
 * The objects the stack writes for a scenario when controllers run: without those the controllers
 * make, and without the status (and controller-owned annotations) the controllers report.
 */
export function forControllers(objects: readonly KubeObject[]): KubeObject[] {
  return objects.flatMap(object => {
    if (object.kind === 'Pod' && ownedPod(object, objects)) return [];
    if (
      (object.kind === 'Endpoints' || object.kind === 'EndpointSlice') &&
      ownedEndpoints(object, objects)
    ) {
      return [];
    }
    if (object.kind === 'ReplicaSet' || object.kind === 'EndpointSlice')
      return [];
    if (!controllerStatusKinds.has(object.kind)) return [object];
    const { status: _status, ...rest } = object;
    const metadata = { ...object.metadata };
    if (object.kind === 'Deployment' && metadata.annotations) {
      const { 'deployment.kubernetes.io/revision': _revision, ...annotations } =
        metadata.annotations as Record<string, string>;
      metadata.annotations = annotations;
    }
    if (object.kind === 'Pod') {
      const { nodeName: _node, ...spec } = object.spec as Record<
        string,
        unknown
      >;
      return [{ ...rest, metadata, spec }];
    }
    return [{ ...rest, metadata }];
  });
}

interface LivePod {
  metadata: {
    name: string;
    namespace: string;
    deletionTimestamp?: string;
    annotations?: Record<string, string>;
    ownerReferences?: Array<{ kind: string }>;
  };
  spec: { nodeName?: string };
  status?: {
    phase?: string;
    conditions?: Array<{ type: string; status: string; reason?: string }>;
    containerStatuses?: Array<{
      state?: { waiting?: { reason?: string } };
      lastState?: { terminated?: { reason?: string } };
    }>;
  };
}

async function listPods(
  kube: KubeRest,
  namespace?: string,
  selector?: string,
): Promise<LivePod[]> {
  const path = namespace
    ? `/api/v1/namespaces/${namespace}/pods`
    : '/api/v1/pods';
  const query = selector
    ? `?labelSelector=${encodeURIComponent(selector)}`
    : '';
  const list = await kube.request<{ items: LivePod[] }>(
    'GET',
    `${path}${query}`,
  );
  return list.items.filter(pod => !pod.metadata.deletionTimestamp);
}

/** Whether a pod has reached the state its fault stage gives (what the stage's selector excludes). */
function faultShown(pod: LivePod): boolean {
  const statuses = pod.status?.containerStatuses ?? [];
  switch (pod.metadata.annotations?.[faultAnnotation]) {
    case 'oomkilled':
      return statuses.some(
        s => s.lastState?.terminated?.reason === 'OOMKilled',
      );
    case 'oomkilled-crashloop':
    case 'crashloop':
      return statuses.some(
        s => s.state?.waiting?.reason === 'CrashLoopBackOff',
      );
    case 'not-ready':
      return (
        pod.status?.conditions?.some(
          c => c.type === 'Ready' && c.reason === 'ContainersNotReady',
        ) ?? false
      );
    case 'init-failed':
      return pod.status?.phase === 'Failed';
    default:
      return true;
  }
}

const ownedByJob = (pod: LivePod) =>
  pod.metadata.ownerReferences?.some(o => o.kind === 'Job') ?? false;

/** The fault stage `faults` give each pod of one entry: one per pod in name order, the last repeats. */
function stageFor(entry: PodFault, index: number): string {
  return entry.stages[Math.min(index, entry.stages.length - 1)];
}

/**
 * Deletes the pods that carry a fault the scenario does not give them (their owners, or the
 * scenario for the pods the stack writes, make healthy ones). Jobs' pods keep theirs: it is in
 * their template.
 */
export async function clearFaults(
  kube: KubeRest,
  faults: readonly PodFault[],
): Promise<number> {
  const wanted = new Set<string>();
  for (const entry of faults) {
    const pods = (await listPods(kube, entry.namespace, entry.selector)).sort(
      (a, b) => a.metadata.name.localeCompare(b.metadata.name),
    );
    pods.forEach((pod, index) =>
      wanted.add(
        `${pod.metadata.namespace}/${pod.metadata.name}/${stageFor(
          entry,
          index,
        )}`,
      ),
    );
  }
  const stale = (await listPods(kube)).filter(pod => {
    const fault = pod.metadata.annotations?.[faultAnnotation];
    return (
      fault !== undefined &&
      !ownedByJob(pod) &&
      !wanted.has(`${pod.metadata.namespace}/${pod.metadata.name}/${fault}`)
    );
  });
  await Promise.all(
    stale.map(pod =>
      kube.delete({
        apiVersion: 'v1',
        kind: 'Pod',
        namespace: pod.metadata.namespace,
        name: pod.metadata.name,
      }),
    ),
  );
  return stale.length;
}

interface LiveWorkload {
  metadata: { name: string; namespace: string; generation?: number };
  spec?: { replicas?: number };
  status?: {
    observedGeneration?: number;
    replicas?: number;
    updatedReplicas?: number;
    conditions?: Array<{ type: string; status: string }>;
  };
}

/** What is not settled yet among the scenario's workloads and pods; empty when all are. */
async function unsettled(
  kube: KubeRest,
  objects: readonly KubeObject[],
): Promise<string[]> {
  const waiting: string[] = [];
  for (const object of objects) {
    const { name, namespace } = object.metadata;
    if (object.kind === 'Deployment') {
      const live = await kube.request<LiveWorkload>(
        'GET',
        `/apis/apps/v1/namespaces/${namespace}/deployments/${name}`,
      );
      const replicas = live.spec?.replicas ?? 1;
      const status = live.status ?? {};
      if (
        (status.observedGeneration ?? 0) < (live.metadata.generation ?? 1) ||
        status.updatedReplicas !== replicas ||
        status.replicas !== replicas
      ) {
        waiting.push(`Deployment ${namespace}/${name} rolling out`);
      }
    } else if (object.kind === 'Job') {
      const live = await kube.request<LiveWorkload>(
        'GET',
        `/apis/batch/v1/namespaces/${namespace}/jobs/${name}`,
      );
      const finished = live.status?.conditions?.some(
        c =>
          (c.type === 'Complete' || c.type === 'Failed') && c.status === 'True',
      );
      if (!finished) waiting.push(`Job ${namespace}/${name} running`);
    }
  }
  for (const pod of await listPods(kube)) {
    const where = `Pod ${pod.metadata.namespace}/${pod.metadata.name}`;
    const unschedulable = pod.status?.conditions?.some(
      c => c.type === 'PodScheduled' && c.status === 'False',
    );
    if (pod.status?.phase === 'Pending' && !unschedulable) {
      waiting.push(`${where} pending`);
    } else if (!faultShown(pod)) {
      waiting.push(`${where} not yet in its fault stage`);
    }
  }
  return waiting;
}

/**
 * Puts the scenario's faults on the pods they name (waiting for those pods to exist first), then
 * waits until the workloads have rolled out, Jobs have finished and every pod is where its stage
 * takes it.
 */
export async function applyFaultsAndSettle(
  kube: KubeRest,
  scenario: Scenario,
  objects: readonly KubeObject[],
  timeoutMs = 90_000,
): Promise<void> {
  await waitUntil(
    `scenario ${scenario.name}: workloads rolled out`,
    async () =>
      (
        await unsettled(
          kube,
          objects.filter(o => o.kind === 'Deployment'),
        )
      ).length
        ? undefined
        : true,
    { timeoutMs, intervalMs: 250 },
  );
  for (const entry of scenario.faults) {
    // A fault happens to a running pod: wait until the pods it names run.
    const pods = await waitUntil(
      `scenario ${scenario.name}: faults: running pods in ${entry.namespace} matching ${entry.selector}`,
      async () => {
        const found = await listPods(kube, entry.namespace, entry.selector);
        const running =
          found.length > 0 && found.every(p => p.status?.phase === 'Running');
        return running
          ? found.sort((a, b) => a.metadata.name.localeCompare(b.metadata.name))
          : undefined;
      },
      { timeoutMs, intervalMs: 250 },
    );
    await Promise.all(
      pods.map((pod, index) => {
        const stage = stageFor(entry, index);
        if (pod.metadata.annotations?.[faultAnnotation] === stage)
          return undefined;
        return kube.request(
          'PATCH',
          `/api/v1/namespaces/${pod.metadata.namespace}/pods/${pod.metadata.name}`,
          {
            contentType: 'application/merge-patch+json',
            body: {
              metadata: {
                annotations: {
                  [faultAnnotation]: stage,
                  [faultRestartsAnnotation]: String(entry.restarts ?? 5),
                },
              },
            },
          },
        );
      }),
    );
  }
  let last: string[] = [];
  await waitUntil(
    `scenario ${scenario.name}: cluster settled`,
    async () => {
      last = await unsettled(kube, objects);
      return last.length === 0 ? true : undefined;
    },
    { timeoutMs, intervalMs: 250 },
  ).catch(error => {
    throw new Error(
      `${(error as Error).message}; still waiting for: ${last.join(', ')}`,
    );
  });
}
