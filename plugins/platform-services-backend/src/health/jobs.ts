import type {
  HealthCheck,
  Signal,
} from '@platform-services/plugin-platform-services-common';
import { combineFindings, Finding } from './findings';
import { findCondition, JobObject, PodObject } from './objects';
import { COMPONENT_LABEL } from './workloads';

/** The labels the Job controller puts on a Job's pods. */
const JOB_NAME_LABELS = ['batch.kubernetes.io/job-name', 'job-name'];

/** The name of the Job a pod belongs to, if it is a Job's pod. */
export function jobNameOf(pod: PodObject): string | undefined {
  const labels = pod.metadata.labels ?? {};
  for (const l of JOB_NAME_LABELS) if (labels[l]) return labels[l];
  return undefined;
}

/**
 * A database schema Job, such as the Temporal chart's
 * `<fullname>-schema-<revision>`: labelled component `schema` (or `database`,
 * which chart 0.x uses) with "schema" in its name, or named `...-schema[-N]`.
 */
export function isSchemaJob(job: JobObject): boolean {
  const name = job.metadata.name;
  const component = job.metadata.labels?.[COMPONENT_LABEL];
  if (component === 'schema') return true;
  if (component === 'database' && name.includes('schema')) return true;
  return /-schema(-\d+)?$/.test(name);
}

/** `temporal-server-schema-4` and `-3` are runs of `temporal-server-schema`. */
function familyOf(name: string): string {
  return name.replace(/-\d+$/, '');
}

function runNumber(name: string): number {
  const m = /-(\d+)$/.exec(name);
  return m ? Number(m[1]) : -1;
}

function startedAt(job: JobObject): number {
  const t = job.status?.startTime ?? job.metadata.creationTimestamp;
  const at = t ? Date.parse(t) : NaN;
  return Number.isNaN(at) ? -Infinity : at;
}

/**
 * The newest Job of each family (name without a trailing run number),
 * ordered by start time, then by run number. Older runs are history: a
 * failed run followed by a newer one does not count any more.
 */
export function latestJobs(jobs: ReadonlyArray<JobObject>): JobObject[] {
  const newest = new Map<string, JobObject>();
  for (const job of jobs) {
    const key = `${job.metadata.namespace}/${familyOf(job.metadata.name)}`;
    const current = newest.get(key);
    const newer =
      !current ||
      startedAt(job) > startedAt(current) ||
      (startedAt(job) === startedAt(current) &&
        runNumber(job.metadata.name) > runNumber(current.metadata.name));
    if (newer) newest.set(key, job);
  }
  return [...newest.values()];
}

/** Temporal's SQL tool logs `{"error": "..."}`; keep just that when present. */
function errorText(message: string): string {
  const m = /"error":\s*"((?:[^"\\]|\\.)*)"/.exec(message);
  if (m) return m[1].replace(/\\"/g, '"').replace(/\\\\/g, '\\');
  const lines = message.trim().split('\n');
  return lines[lines.length - 1].trim();
}

/** The first container of the Job's pods that exited non-zero, and what it said. */
function failedContainer(pods: ReadonlyArray<PodObject>): string | undefined {
  for (const pod of pods) {
    const statuses = [
      ...(pod.status?.initContainerStatuses ?? []),
      ...(pod.status?.containerStatuses ?? []),
    ];
    for (const cs of statuses) {
      const t = cs.state?.terminated ?? cs.lastState?.terminated;
      if (t && t.exitCode !== undefined && t.exitCode !== 0) {
        const said = t.message ? `: ${errorText(t.message)}` : '';
        return `container ${cs.name} exited with code ${t.exitCode}${said}`;
      }
    }
  }
  return undefined;
}

function jobCheck(job: JobObject, pods: ReadonlyArray<PodObject>): Finding {
  const ns = job.metadata.namespace;
  const name = `${ns}/${job.metadata.name}`;
  const schema = isSchemaJob(job);
  const title = schema ? 'Schema Job' : 'Job';
  const object = {
    apiVersion: 'batch/v1',
    kind: 'Job',
    namespace: ns,
    name: job.metadata.name,
  };
  const conditions = job.status?.conditions;
  const failed = findCondition(conditions, 'Failed');
  const complete = findCondition(conditions, 'Complete');
  const base = { id: `job:${name}`, kind: 'Job' as const, object };

  let check: HealthCheck;
  const signals: Signal[] = [];
  if (failed?.status === 'True') {
    const cause = failedContainer(pods);
    const message = `${title} ${name} failed (${failed.reason ?? 'Failed'}: ${
      failed.message ?? 'no message'
    })${cause ? `; ${cause}` : ''}`;
    check = {
      ...base,
      status: 'failed',
      reason: failed.reason ?? 'Failed',
      message,
    };
    signals.push({
      id: schema ? 'schema-job-failed' : 'job-failed',
      object,
      message,
    });
  } else if (complete?.status === 'True') {
    check = {
      ...base,
      status: 'ok',
      reason: 'Complete',
      message: `${title} ${name} completed`,
    };
  } else if (job.spec?.suspend) {
    check = {
      ...base,
      status: 'ok',
      reason: 'Suspended',
      message: `${title} ${name} is suspended`,
    };
  } else {
    check = {
      ...base,
      status: 'progressing',
      reason: 'Running',
      message: `${title} ${name} is running (${
        job.status?.active ?? 0
      } active, ${job.status?.failed ?? 0} failed pods so far)`,
    };
  }
  return { checks: [check], signals };
}

/**
 * Checks the newest run of each Job: a failed run fails the service (a schema
 * Job's failure is the `schema-job-failed` signal), a running one is
 * progressing. The failing container's own message (kept by
 * `terminationMessagePolicy: FallbackToLogsOnError`) goes into the message.
 */
export function evaluateJobs(
  jobs: ReadonlyArray<JobObject>,
  jobPods: ReadonlyArray<PodObject>,
): Finding {
  return combineFindings(
    latestJobs(jobs).map(job =>
      jobCheck(
        job,
        jobPods.filter(
          p =>
            p.metadata.namespace === job.metadata.namespace &&
            jobNameOf(p) === job.metadata.name,
        ),
      ),
    ),
  );
}
