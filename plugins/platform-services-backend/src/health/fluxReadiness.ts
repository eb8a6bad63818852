import type { ChartVersionState } from '@platform-services/plugin-platform-services-common';
import {
  Condition,
  findCondition,
  FluxObject,
  HelmReleaseObject,
  HelmReleaseSnapshot,
} from './objects';

/**
 * Where a Flux object stands, computed the way the Flux CLI does
 * (`cmd/flux/readiness.go` and kstatus), with suspension checked first:
 *
 * - `suspended`: `spec.suspend` is true; the conditions are stale.
 * - `not-reconciled`: `status.observedGeneration` is below 1.
 * - `stale`: the latest generation has not been reconciled yet.
 * - `stalled`: `Stalled=True`; Flux will not retry without a change.
 * - `failed`: `Ready=False` (Flux retries).
 * - `progressing`: `Reconciling=True`, `Ready=Unknown` or no `Ready` yet.
 * - `ready`: `Ready=True` for the current generation.
 */
export type FluxReadinessState =
  | 'suspended'
  | 'not-reconciled'
  | 'stale'
  | 'stalled'
  | 'failed'
  | 'progressing'
  | 'ready';

/** The readiness of a HelmRelease or Kustomization. */
export interface FluxReadiness {
  state: FluxReadinessState;
  /** The reason of the condition that decided the state. */
  reason?: string;
  message?: string;
  /** The `Ready` condition as found, possibly stale (suspended, stale). */
  ready?: Condition;
  /** For `stale`: the generation last reconciled. */
  reconciledGeneration?: number;
}

const isTrue = (c: Condition | undefined) => c?.status === 'True';

/**
 * Computes the readiness of a Flux object.
 *
 * One deliberate difference from kstatus: `Reconciling=True` with reason
 * `ProgressingWithRetry` next to `Ready=False` is reported as `failed` (the
 * last attempt failed and Flux is waiting to retry), not as `progressing`,
 * so that a release failing on every retry does not look like work in
 * progress.
 */
export function fluxReadiness(object: FluxObject): FluxReadiness {
  const conditions = object.status?.conditions;
  const ready = findCondition(conditions, 'Ready');
  const withReady = ready ? { ready } : {};

  if (object.spec?.suspend === true) {
    return { state: 'suspended', reason: 'Suspended', ...withReady };
  }

  const observed = object.status?.observedGeneration ?? -1;
  if (observed < 1) {
    return { state: 'not-reconciled', reason: 'NotReconciled', ...withReady };
  }

  const generation = object.metadata.generation;
  if (generation !== undefined) {
    const reconciled = ready?.observedGeneration
      ? ready.observedGeneration
      : observed;
    if (reconciled !== generation) {
      return {
        state: 'stale',
        reason: 'Progressing',
        reconciledGeneration: reconciled,
        ...withReady,
      };
    }
  }

  const stalled = findCondition(conditions, 'Stalled');
  if (isTrue(stalled)) {
    return {
      state: 'stalled',
      reason: stalled!.reason,
      message: stalled!.message,
      ...withReady,
    };
  }

  const reconciling = findCondition(conditions, 'Reconciling');
  if (isTrue(reconciling)) {
    if (
      ready?.status === 'False' &&
      reconciling!.reason === 'ProgressingWithRetry'
    ) {
      return {
        state: 'failed',
        reason: ready.reason,
        message: ready.message,
        ready,
      };
    }
    return {
      state: 'progressing',
      reason: reconciling!.reason,
      message: reconciling!.message,
      ...withReady,
    };
  }

  if (!ready) return { state: 'progressing', reason: 'NoReadyCondition' };
  const decided = { reason: ready.reason, message: ready.message, ready };
  if (ready.status === 'True') return { state: 'ready', ...decided };
  if (ready.status === 'False') return { state: 'failed', ...decided };
  return { state: 'progressing', ...decided };
}

/** The readiness of a HelmRelease, with what Helm deployed. */
export interface HelmReleaseReadiness extends FluxReadiness {
  chart: ChartVersionState;
  /** A Helm upgrade failed (and possibly was rolled back); not an install. */
  upgradeFailed: boolean;
}

/** `0.51.0+1a2b3c4d5e6f` (OCI chart digest) compares as `0.51.0`. */
function withoutDigest(version: string | undefined): string | undefined {
  return version?.split('+')[0];
}

const UPGRADE_FAILURE_REASONS = new Set([
  'UpgradeFailed',
  'RollbackSucceeded',
  'RollbackFailed',
]);

function isUpgradeFailure(hr: HelmReleaseObject): boolean {
  const conditions = hr.status?.conditions;
  const ready = findCondition(conditions, 'Ready');
  const released = findCondition(conditions, 'Released');
  const stalled = findCondition(conditions, 'Stalled');
  if (ready?.status === 'False' && UPGRADE_FAILURE_REASONS.has(ready.reason!))
    return true;
  if (released?.status === 'False' && released.reason === 'UpgradeFailed')
    return true;
  return (
    isTrue(stalled) &&
    stalled!.reason === 'RetriesExceeded' &&
    hr.status?.lastAttemptedReleaseAction === 'upgrade'
  );
}

/**
 * The chart version Helm last deployed successfully: the newest snapshot of
 * `status.history` whose status is `deployed`. The Flux CLI shows
 * `history[0].chartVersion`, but after a failed upgrade that is the failed
 * release, not what runs. Without history (an object written by an older
 * helm-controller), `lastAttemptedRevision` counts when `Ready` is True.
 */
export function deployedChartVersion(
  hr: HelmReleaseObject,
): string | undefined {
  const history: HelmReleaseSnapshot[] = hr.status?.history ?? [];
  const deployed = history.find(s => s.status === 'deployed');
  if (deployed) return withoutDigest(deployed.chartVersion);
  if (history.length > 0) return undefined;
  const ready = findCondition(hr.status?.conditions, 'Ready');
  return ready?.status === 'True'
    ? withoutDigest(hr.status?.lastAttemptedRevision)
    : undefined;
}

/**
 * The readiness of a HelmRelease, and its deployed chart version compared
 * with the declared one (the catalog's, or the environment's chart-version
 * parameter).
 */
export function helmReleaseReadiness(
  hr: HelmReleaseObject,
  declaredChartVersion?: string,
): HelmReleaseReadiness {
  const deployed = deployedChartVersion(hr);
  const lastAttempted = withoutDigest(hr.status?.lastAttemptedRevision);
  const chartName = hr.spec?.chart?.spec?.chart;
  const chart: ChartVersionState = {
    ...(chartName ? { chart: chartName } : {}),
    ...(declaredChartVersion ? { declared: declaredChartVersion } : {}),
    ...(deployed ? { deployed } : {}),
    ...(lastAttempted ? { lastAttempted } : {}),
    ...(declaredChartVersion && deployed
      ? { matches: declaredChartVersion === deployed }
      : {}),
  };
  return { ...fluxReadiness(hr), chart, upgradeFailed: isUpgradeFailure(hr) };
}
