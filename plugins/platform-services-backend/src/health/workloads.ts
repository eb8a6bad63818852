import type {
  CheckStatus,
  HealthObjectRef,
  Signal,
  SignalId,
} from '@platform-services/plugin-platform-services-common';
import { ageOf, count, Finding, formatDuration } from './findings';
import {
  ClusterObjects,
  Container,
  ContainerStatus,
  findCondition,
  LabelSelector,
  ObjectMeta,
  PodObject,
  PodTemplate,
} from './objects';

/** The label that names a pod's role in a chart (e.g. Temporal's `history`). */
export const COMPONENT_LABEL = 'app.kubernetes.io/component';

/** Thresholds of the workload evaluation. */
export interface WorkloadThresholds {
  /** A pod Pending, or running but not ready, longer than this is a problem. */
  pendingAfterMs: number;
  /** An OOMKill that ended longer ago than this no longer counts (if the container is ready again). */
  recentTerminationMs: number;
}

/** Default thresholds: 5 minutes to start, OOMKills of the last hour. */
export const DEFAULT_WORKLOAD_THRESHOLDS: WorkloadThresholds = {
  pendingAfterMs: 5 * 60_000,
  recentTerminationMs: 60 * 60_000,
};

/** A Deployment, StatefulSet or DaemonSet reduced to what health needs. */
export interface Workload {
  kind: 'Deployment' | 'StatefulSet' | 'DaemonSet';
  metadata: ObjectMeta;
  selector?: LabelSelector;
  template?: PodTemplate;
  desired: number;
  ready: number;
  updated?: number;
  generation?: number;
  observedGeneration?: number;
  /** Deployment `Progressing=False` with `ProgressDeadlineExceeded`. */
  progressDeadlineExceeded: boolean;
}

/** The Deployments, StatefulSets and DaemonSets of the cluster as `Workload`s. */
export function workloadsOf(objects: ClusterObjects): Workload[] {
  const deployments = (objects.deployments ?? []).map(
    (d): Workload => ({
      kind: 'Deployment',
      metadata: d.metadata,
      selector: d.spec?.selector,
      template: d.spec?.template,
      desired: d.spec?.replicas ?? 1,
      ready: d.status?.readyReplicas ?? 0,
      updated: d.status?.updatedReplicas,
      generation: d.metadata.generation,
      observedGeneration: d.status?.observedGeneration,
      progressDeadlineExceeded:
        findCondition(d.status?.conditions, 'Progressing')?.reason ===
        'ProgressDeadlineExceeded',
    }),
  );
  const statefulSets = (objects.statefulSets ?? []).map(
    (s): Workload => ({
      kind: 'StatefulSet',
      metadata: s.metadata,
      selector: s.spec?.selector,
      template: s.spec?.template,
      desired: s.spec?.replicas ?? 1,
      ready: s.status?.readyReplicas ?? 0,
      updated: s.status?.updatedReplicas,
      generation: s.metadata.generation,
      observedGeneration: s.status?.observedGeneration,
      progressDeadlineExceeded: false,
    }),
  );
  const daemonSets = (objects.daemonSets ?? []).map(
    (d): Workload => ({
      kind: 'DaemonSet',
      metadata: d.metadata,
      selector: d.spec?.selector,
      template: d.spec?.template,
      desired: d.status?.desiredNumberScheduled ?? 0,
      ready: d.status?.numberReady ?? 0,
      updated: d.status?.updatedNumberScheduled,
      generation: d.metadata.generation,
      observedGeneration: d.status?.observedGeneration,
      progressDeadlineExceeded: false,
    }),
  );
  return [...deployments, ...statefulSets, ...daemonSets];
}

/**
 * Whether labels satisfy a label selector. An empty selector selects nothing
 * here (workload selectors are never empty; a missing one must not claim
 * every pod).
 */
export function selectorMatches(
  selector: LabelSelector | undefined,
  labels: Record<string, string> | undefined,
): boolean {
  const matchLabels = Object.entries(selector?.matchLabels ?? {});
  const expressions = selector?.matchExpressions ?? [];
  if (matchLabels.length === 0 && expressions.length === 0) return false;
  const l = labels ?? {};
  return (
    matchLabels.every(([k, v]) => l[k] === v) &&
    expressions.every(e => {
      const has = Object.prototype.hasOwnProperty.call(l, e.key);
      switch (e.operator) {
        case 'In':
          return has && (e.values ?? []).includes(l[e.key]);
        case 'NotIn':
          return !has || !(e.values ?? []).includes(l[e.key]);
        case 'Exists':
          return has;
        case 'DoesNotExist':
          return !has;
        default:
          return false;
      }
    })
  );
}

/** What is wrong with a pod, most telling first. */
export type PodProblemKind =
  | 'OOMKilled'
  | 'CrashLoopBackOff'
  | 'ImagePull'
  | 'ContainerConfig'
  | 'Pending'
  | 'Failed'
  | 'NotReady';

/** One problem of one pod. */
export interface PodProblem {
  kind: PodProblemKind;
  pod: string;
  container?: string;
  /** The Kubernetes reason, e.g. `CrashLoopBackOff`, `ImagePullBackOff`, `Unschedulable`. */
  reason: string;
  message?: string;
  restarts: number;
  /** The last termination of the container, if any. */
  lastTermination?: { reason?: string; exitCode?: number; finishedAt?: string };
}

const IMAGE_PULL_REASONS = new Set([
  'ImagePullBackOff',
  'ErrImagePull',
  'InvalidImageName',
  'ErrImageNeverPull',
]);
const CONTAINER_CONFIG_REASONS = new Set([
  'CreateContainerConfigError',
  'CreateContainerError',
  'RunContainerError',
]);

function containerProblems(
  pod: string,
  cs: ContainerStatus,
  now: Date,
  thresholds: WorkloadThresholds,
): PodProblem[] {
  const restarts = cs.restartCount ?? 0;
  const last = cs.state?.terminated ?? cs.lastState?.terminated;
  const lastTermination = last
    ? {
        ...(last.reason ? { reason: last.reason } : {}),
        ...(last.exitCode !== undefined ? { exitCode: last.exitCode } : {}),
        ...(last.finishedAt ? { finishedAt: last.finishedAt } : {}),
      }
    : undefined;
  const base = {
    pod,
    container: cs.name,
    restarts,
    ...(lastTermination ? { lastTermination } : {}),
  };
  const problems: PodProblem[] = [];

  if (last?.reason === 'OOMKilled') {
    const age = ageOf(last.finishedAt, now);
    const recent = age === undefined || age <= thresholds.recentTerminationMs;
    if (recent || !cs.ready)
      problems.push({ ...base, kind: 'OOMKilled', reason: 'OOMKilled' });
  }
  const waiting = cs.state?.waiting;
  if (waiting?.reason === 'CrashLoopBackOff') {
    problems.push({
      ...base,
      kind: 'CrashLoopBackOff',
      reason: waiting.reason,
      ...(waiting.message ? { message: waiting.message } : {}),
    });
  } else if (waiting?.reason && IMAGE_PULL_REASONS.has(waiting.reason)) {
    problems.push({
      ...base,
      kind: 'ImagePull',
      reason: waiting.reason,
      ...(waiting.message ? { message: waiting.message } : {}),
    });
  } else if (waiting?.reason && CONTAINER_CONFIG_REASONS.has(waiting.reason)) {
    problems.push({
      ...base,
      kind: 'ContainerConfig',
      reason: waiting.reason,
      ...(waiting.message ? { message: waiting.message } : {}),
    });
  }
  return problems;
}

/** When the pod was created, as far as its status tells. */
function podStartedAt(pod: PodObject): string | undefined {
  return (
    pod.metadata.creationTimestamp ??
    pod.status?.startTime ??
    findCondition(pod.status?.conditions, 'PodScheduled')?.lastTransitionTime
  );
}

/**
 * Lists what is wrong with a pod: containers OOMKilled (recently, or not
 * ready since), crash-looping, unable to pull their image or to start; the
 * pod Pending or running-but-not-ready for longer than the threshold; the
 * pod Failed. A healthy or still-starting pod has no problems.
 */
export function classifyPod(
  pod: PodObject,
  now: Date,
  thresholds: WorkloadThresholds = DEFAULT_WORKLOAD_THRESHOLDS,
): PodProblem[] {
  const name = pod.metadata.name;
  const statuses = [
    ...(pod.status?.initContainerStatuses ?? []),
    ...(pod.status?.containerStatuses ?? []),
  ];
  const problems = statuses.flatMap(cs =>
    containerProblems(name, cs, now, thresholds),
  );
  if (problems.length > 0) return problems;

  const restarts = Math.max(0, ...statuses.map(cs => cs.restartCount ?? 0));
  const phase = pod.status?.phase;
  if (phase === 'Failed') {
    return [
      {
        kind: 'Failed',
        pod: name,
        reason: pod.status?.reason ?? 'Failed',
        restarts,
        ...(pod.status?.message ? { message: pod.status.message } : {}),
      },
    ];
  }
  if (phase === 'Pending') {
    const age = ageOf(podStartedAt(pod), now);
    if (age !== undefined && age <= thresholds.pendingAfterMs) return [];
    const scheduled = findCondition(pod.status?.conditions, 'PodScheduled');
    const unschedulable = scheduled?.status === 'False';
    return [
      {
        kind: 'Pending',
        pod: name,
        reason: unschedulable
          ? scheduled!.reason ?? 'Unschedulable'
          : 'Pending',
        restarts,
        ...(scheduled?.message ? { message: scheduled.message } : {}),
      },
    ];
  }
  if (phase === 'Running') {
    const ready = findCondition(pod.status?.conditions, 'Ready');
    if (ready?.status === 'True') return [];
    const age = ageOf(ready?.lastTransitionTime ?? podStartedAt(pod), now);
    if (age !== undefined && age <= thresholds.pendingAfterMs) return [];
    return [
      {
        kind: 'NotReady',
        pod: name,
        reason: ready?.reason ?? 'NotReady',
        restarts,
        ...(ready?.message ? { message: ready.message } : {}),
      },
    ];
  }
  return [];
}

/** Pods of one component (or, without component labels, of one workload). */
export interface WorkloadGroup {
  /** The component label value, or the workload (or pod) name. */
  key: string;
  namespace: string;
  workloads: Workload[];
  pods: PodObject[];
}

/**
 * Groups workloads and their pods by `app.kubernetes.io/component`; a
 * workload without that label is its own group. Pods no workload selects
 * are grouped by their component label, or alone by name.
 */
export function groupWorkloads(
  workloads: ReadonlyArray<Workload>,
  pods: ReadonlyArray<PodObject>,
): WorkloadGroup[] {
  const groups = new Map<string, WorkloadGroup>();
  const groupFor = (namespace: string, key: string) => {
    const id = `${namespace}/${key}`;
    let g = groups.get(id);
    if (!g) groups.set(id, (g = { key, namespace, workloads: [], pods: [] }));
    return g;
  };
  const claimed = new Set<PodObject>();
  for (const w of workloads) {
    const component =
      w.metadata.labels?.[COMPONENT_LABEL] ??
      w.template?.metadata?.labels?.[COMPONENT_LABEL];
    const g = groupFor(
      w.metadata.namespace ?? '',
      component ?? w.metadata.name,
    );
    g.workloads.push(w);
    for (const p of pods) {
      if (
        !claimed.has(p) &&
        p.metadata.namespace === w.metadata.namespace &&
        selectorMatches(w.selector, p.metadata.labels)
      ) {
        claimed.add(p);
        g.pods.push(p);
      }
    }
  }
  for (const p of pods) {
    if (claimed.has(p)) continue;
    const key = p.metadata.labels?.[COMPONENT_LABEL] ?? p.metadata.name;
    groupFor(p.metadata.namespace ?? '', key).pods.push(p);
  }
  return [...groups.values()];
}

const FAMILY_ORDER: PodProblemKind[] = [
  'OOMKilled',
  'CrashLoopBackOff',
  'ImagePull',
  'ContainerConfig',
  'Pending',
  'Failed',
  'NotReady',
];

function isReady(pod: PodObject): boolean {
  return findCondition(pod.status?.conditions, 'Ready')?.status === 'True';
}

function maxRestarts(problems: ReadonlyArray<PodProblem>): number {
  return Math.max(0, ...problems.map(p => p.restarts));
}

function memoryLimit(
  group: WorkloadGroup,
  problems: ReadonlyArray<PodProblem>,
): string | undefined {
  const containers: Container[] = [
    ...group.pods.flatMap(p => [
      ...(p.spec?.containers ?? []),
      ...(p.spec?.initContainers ?? []),
    ]),
    ...group.workloads.flatMap(w => w.template?.spec?.containers ?? []),
  ];
  const names = new Set(problems.map(p => p.container));
  const limits = new Set(
    containers
      .filter(c => names.has(c.name))
      .map(c => c.resources?.limits?.memory)
      .filter((m): m is string => !!m),
  );
  return limits.size ? [...limits].join(', ') : undefined;
}

function lastExit(problems: ReadonlyArray<PodProblem>): string {
  const t = problems.find(p => p.lastTermination)?.lastTermination;
  if (!t) return '';
  const code = t.exitCode !== undefined ? `, code ${t.exitCode}` : '';
  return `last exit: ${t.reason ?? 'unknown'}${code}; `;
}

function firstMessage(problems: ReadonlyArray<PodProblem>): string {
  const p = problems.find(x => x.message);
  return p?.message ? `: ${p.message}` : '';
}

function familySentence(
  kind: PodProblemKind,
  problems: ReadonlyArray<PodProblem>,
  podCount: number,
  noun: string,
  group: WorkloadGroup,
  now: Date,
): string {
  const n = new Set(problems.map(p => p.pod)).size;
  const of = `${n} of ${podCount} ${noun}`;
  const restarts = maxRestarts(problems);
  const upTo = restarts ? `up to ${count(restarts, 'restart')}` : 'no restarts';
  switch (kind) {
    case 'OOMKilled': {
      const limit = memoryLimit(group, problems);
      return `${of} were OOMKilled (${upTo}); ${
        limit ? `memory limit ${limit}` : 'no memory limit'
      }.`;
    }
    case 'CrashLoopBackOff':
      return `${of} ${n === 1 ? 'is' : 'are'} in CrashLoopBackOff (${lastExit(
        problems,
      )}${upTo}).`;
    case 'ImagePull':
      return `${of} cannot pull their image (${
        problems[0].reason
      }${firstMessage(problems)}).`;
    case 'ContainerConfig':
      return `${of} cannot start their containers (${
        problems[0].reason
      }${firstMessage(problems)}).`;
    case 'Pending': {
      const ages = group.pods
        .filter(p => problems.some(x => x.pod === p.metadata.name))
        .map(p => ageOf(podStartedAt(p), now))
        .filter((a): a is number => a !== undefined);
      const since = ages.length
        ? ` for ${formatDuration(Math.max(...ages))}`
        : '';
      return `${of} ${n === 1 ? 'has' : 'have'} been Pending${since} (${
        problems[0].reason
      }${firstMessage(problems)}).`;
    }
    case 'Failed':
      return `${of} failed (${problems[0].reason}${firstMessage(problems)}).`;
    default:
      return `${of} ${
        n === 1 ? 'is' : 'are'
      } running but not ready${firstMessage(problems)}.`;
  }
}

function signalOf(
  kind: PodProblemKind,
  problems: ReadonlyArray<PodProblem>,
): SignalId {
  switch (kind) {
    case 'OOMKilled':
      return 'pods-oomkilled';
    case 'CrashLoopBackOff':
      return 'pods-crashlooping';
    case 'ImagePull':
      return 'image-pull-failed';
    case 'ContainerConfig':
      return problems.some(p => /secret .* not found/i.test(p.message ?? ''))
        ? 'secret-missing'
        : 'pods-not-ready';
    case 'Pending':
      return 'pods-pending';
    default:
      return 'pods-not-ready';
  }
}

/** One line per problem container: its reasons, what it said, its last exit. */
function problemLines(problems: ReadonlyArray<PodProblem>): string[] {
  const byContainer = new Map<string, PodProblem[]>();
  for (const p of problems) {
    const key = `${p.pod}|${p.container ?? ''}`;
    byContainer.set(key, [...(byContainer.get(key) ?? []), p]);
  }
  return [...byContainer.values()].map(list => {
    const p = list[0];
    const reasons = [...new Set(list.map(x => x.reason))].join(', ');
    const parts = [
      `${p.pod}${p.container ? ` (${p.container})` : ''}: ${reasons}`,
    ];
    const said = list.find(x => x.message)?.message;
    if (said) parts.push(said);
    const t = p.lastTermination;
    if (t && p.kind !== 'Pending') {
      const code = t.exitCode !== undefined ? ` exit code ${t.exitCode}` : '';
      const at = t.finishedAt ? ` at ${t.finishedAt}` : '';
      parts.push(`last terminated ${t.reason ?? 'unknown'}${code}${at}`);
    }
    if (p.restarts) parts.push(count(p.restarts, 'restart'));
    return parts.join('; ');
  });
}

/**
 * The check and signals of one group: ready against desired replicas, the
 * pods' problems, and a rollout in progress.
 *
 * - No pods wanted: ok. No ready pod while some are wanted: failed.
 * - Fewer ready than wanted, or problem pods: degraded; but fewer ready and
 *   no problem (pods still starting) is progressing.
 * - A workload whose spec the controller has not caught up with: progressing.
 */
export function evaluateWorkloadGroup(
  group: WorkloadGroup,
  now: Date,
  thresholds: WorkloadThresholds = DEFAULT_WORKLOAD_THRESHOLDS,
): Finding {
  const { key, namespace, workloads, pods } = group;
  const desired = workloads.length
    ? workloads.reduce((n, w) => n + w.desired, 0)
    : pods.length;
  const ready = workloads.length
    ? workloads.reduce((n, w) => n + Math.min(w.ready, w.desired), 0)
    : pods.filter(isReady).length;
  const problems = pods.flatMap(p => classifyPod(p, now, thresholds));
  const noun = `${key} ${pods.length === 1 && desired === 1 ? 'pod' : 'pods'}`;
  const podCount = Math.max(desired, pods.length);
  const first = workloads[0];
  const object: HealthObjectRef | undefined = first
    ? {
        apiVersion: 'apps/v1',
        kind: first.kind,
        namespace: first.metadata.namespace,
        name: first.metadata.name,
      }
    : undefined;

  const families = FAMILY_ORDER.map(kind => ({
    kind,
    problems: problems.filter(p => p.kind === kind),
  })).filter(f => f.problems.length > 0);
  const sentences = families.map(f =>
    familySentence(f.kind, f.problems, podCount, noun, group, now),
  );
  const rollingOut = workloads.some(
    w =>
      (w.generation !== undefined &&
        w.observedGeneration !== undefined &&
        w.observedGeneration < w.generation) ||
      (w.updated !== undefined && w.updated < w.desired),
  );
  const deadline = workloads.find(w => w.progressDeadlineExceeded);

  let status: CheckStatus;
  let reason: string;
  let message: string;
  const readiness = `${ready} of ${desired} ready.`;
  if (desired === 0) {
    status = 'ok';
    reason = 'ScaledToZero';
    message = `${key}: scaled to zero`;
  } else if (families.length > 0) {
    status = ready === 0 ? 'failed' : 'degraded';
    reason = families[0].problems[0].reason;
    message = `${sentences.join(' ')} ${readiness}`;
  } else if (ready === 0 && deadline) {
    status = 'failed';
    reason = 'ProgressDeadlineExceeded';
    message = `${noun}: 0 of ${desired} ready and ${deadline.kind} ${deadline.metadata.name} exceeded its progress deadline.`;
  } else if (ready < desired) {
    status = 'progressing';
    reason = 'PodsStarting';
    message = `${ready} of ${desired} ${key} pods ready; the others are starting.`;
  } else if (rollingOut) {
    status = 'progressing';
    reason = 'RollingOut';
    message = `${ready} of ${desired} ${key} pods ready; a rollout is in progress.`;
  } else {
    status = 'ok';
    reason = 'Ready';
    message = `${ready} of ${desired} ${key} pods ready`;
  }

  const signals: Signal[] =
    status === 'failed' || status === 'degraded'
      ? families.map((f, i) => ({
          id: signalOf(f.kind, f.problems),
          component: key,
          ...(object ? { object } : {}),
          message: sentences[i],
        }))
      : [];
  const details = problemLines(problems);
  return {
    checks: [
      {
        id: `workload:${namespace}/${key}`,
        kind: 'Workload',
        ...(object ? { object } : {}),
        component: key,
        status,
        reason,
        message,
        ...(details.length ? { details } : {}),
      },
    ],
    signals,
  };
}
