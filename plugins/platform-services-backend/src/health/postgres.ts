import type { CheckStatus } from '@platform-services/plugin-platform-services-common';
import { count, Finding } from './findings';
import { PodObject, PostgresClusterObject } from './objects';
import {
  classifyPod,
  DEFAULT_WORKLOAD_THRESHOLDS,
  WorkloadThresholds,
} from './workloads';

/** The phase CloudNativePG reports when all is well (its `Ready` condition is derived from it). */
const CNPG_HEALTHY_PHASE = 'Cluster in healthy state';

/** The label CloudNativePG puts on a cluster's instance pods. */
export const CNPG_CLUSTER_LABEL = 'cnpg.io/cluster';

/**
 * Checks a CloudNativePG Cluster the way its docs suggest: healthy phase,
 * `readyInstances` equal to `spec.instances`, and the current primary equal
 * to the target primary. No ready instance fails it; a switchover in
 * progress is progressing; anything else short of healthy is degraded (the
 * `postgres-cluster-degraded` signal). Problems of the instance pods are
 * listed in the details.
 */
export function postgresClusterFinding(
  cluster: PostgresClusterObject,
  instancePods: ReadonlyArray<PodObject>,
  now: Date,
  thresholds: WorkloadThresholds = DEFAULT_WORKLOAD_THRESHOLDS,
): Finding {
  const ns = cluster.metadata.namespace;
  const name = `${ns}/${cluster.metadata.name}`;
  const object = {
    apiVersion: 'postgresql.cnpg.io/v1',
    kind: 'Cluster',
    namespace: ns,
    name: cluster.metadata.name,
  };
  const desired = cluster.spec?.instances ?? 1;
  const ready = cluster.status?.readyInstances ?? 0;
  const phase = cluster.status?.phase;
  const { currentPrimary, targetPrimary } = cluster.status ?? {};
  const switching =
    !!targetPrimary && !!currentPrimary && currentPrimary !== targetPrimary;
  const healthy =
    phase === CNPG_HEALTHY_PHASE && ready >= desired && !switching;

  const pods = instancePods.filter(
    p =>
      p.metadata.namespace === ns &&
      p.metadata.labels?.[CNPG_CLUSTER_LABEL] === cluster.metadata.name,
  );
  const details = pods
    .flatMap(p => classifyPod(p, now, thresholds))
    .map(
      p =>
        `${p.pod}: ${p.reason}${p.message ? ` (${p.message})` : ''}${
          p.restarts ? `; ${count(p.restarts, 'restart')}` : ''
        }`,
    );

  let status: CheckStatus;
  let reason: string;
  if (healthy) {
    status = 'ok';
    reason = 'ClusterIsReady';
  } else if (ready === 0) {
    status = 'failed';
    reason = 'NoReadyInstances';
  } else if (switching) {
    status = 'progressing';
    reason = 'PrimaryChanging';
  } else {
    status = 'degraded';
    reason = 'ClusterIsNotReady';
  }
  const phaseText = phase
    ? `phase "${phase}"${
        cluster.status?.phaseReason ? ` (${cluster.status.phaseReason})` : ''
      }`
    : 'no phase reported';
  let primary = currentPrimary ? `; primary ${currentPrimary}` : '';
  if (switching)
    primary = `; primary changing from ${currentPrimary} to ${targetPrimary}`;
  const message = healthy
    ? `PostgreSQL cluster ${name} is healthy: ${ready} of ${desired} instances ready${primary}`
    : `PostgreSQL cluster ${name}: ${ready} of ${desired} instances ready, ${phaseText}${primary}`;
  return {
    checks: [
      {
        id: `postgrescluster:${name}`,
        kind: 'PostgresCluster',
        object,
        status,
        reason,
        message,
        ...(details.length ? { details } : {}),
      },
    ],
    signals:
      status === 'ok'
        ? []
        : [{ id: 'postgres-cluster-degraded', object, message }],
  };
}
