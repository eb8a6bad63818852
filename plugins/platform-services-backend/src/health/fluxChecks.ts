import type {
  CheckStatus,
  ObjectRef,
  Signal,
} from '@platform-services/plugin-platform-services-common';
import {
  FluxReadiness,
  fluxReadiness,
  HelmReleaseReadiness,
  helmReleaseReadiness,
} from './fluxReadiness';
import { Finding, firstParagraph, restOfMessage, sentence } from './findings';
import { HelmReleaseObject, KustomizationObject } from './objects';

type FluxKind = 'HelmRelease' | 'Kustomization';

const API_VERSION: Record<FluxKind, string> = {
  HelmRelease: 'helm.toolkit.fluxcd.io/v2',
  Kustomization: 'kustomize.toolkit.fluxcd.io/v1',
};

/** Ready=False reasons that mean "waiting for something else", not a failure of this object. */
const WAITING_REASONS = new Set(['DependencyNotReady', 'SourceNotReady']);

function checkStatusOf(readiness: FluxReadiness): CheckStatus {
  switch (readiness.state) {
    case 'ready':
      return 'ok';
    case 'suspended':
      return 'suspended';
    case 'stalled':
      return 'failed';
    case 'failed':
      return WAITING_REASONS.has(readiness.reason ?? '')
        ? 'progressing'
        : 'failed';
    default:
      return 'progressing';
  }
}

function describe(kind: FluxKind, name: string, r: FluxReadiness): string {
  const lastError = r.ready?.message ? firstParagraph(r.ready.message) : '';
  switch (r.state) {
    case 'suspended': {
      const last = r.ready
        ? ` (last seen Ready=${r.ready.status}${
            r.ready.reason ? `, ${r.ready.reason}` : ''
          })`
        : '';
      return `${kind} ${name} is suspended: Flux does not reconcile it, so its status may be stale${last}`;
    }
    case 'not-reconciled':
      return `${kind} ${name} has not been reconciled yet`;
    case 'stale':
      return `${kind} ${name} has changes Flux has not reconciled yet (last reconciled generation ${r.reconciledGeneration})`;
    case 'stalled': {
      const error =
        r.ready?.status === 'False'
          ? ` Last error (${r.ready.reason}): ${sentence(lastError)}`
          : '';
      return `${kind} ${name} is stalled (${r.reason}: ${
        r.message ?? 'no message'
      }): Flux will not retry until its spec changes or a reset is requested.${error}`;
    }
    case 'failed':
      if (WAITING_REASONS.has(r.reason ?? ''))
        return `${kind} ${name} is waiting (${r.reason}): ${lastError}`;
      return `${kind} ${name} is not ready (${
        r.reason ?? 'no reason'
      }): ${lastError}`;
    case 'progressing':
      return `${kind} ${name} is reconciling (${r.reason ?? 'Progressing'})${
        r.message ? `: ${firstParagraph(r.message)}` : ''
      }`;
    default:
      return `${kind} ${name} is ready`;
  }
}

function notObserved(kind: FluxKind, ref: ObjectRef): Finding {
  return {
    checks: [
      {
        id: `${kind.toLowerCase()}:${ref.namespace}/${ref.name}`,
        kind,
        object: { apiVersion: API_VERSION[kind], kind, ...ref },
        status: 'unknown',
        reason: 'NotObserved',
        message: `${kind} objects were not observed in this cluster`,
      },
    ],
    signals: [],
  };
}

function notFound(
  kind: FluxKind,
  ref: ObjectRef,
  environment: string,
): Finding {
  return {
    checks: [
      {
        id: `${kind.toLowerCase()}:${ref.namespace}/${ref.name}`,
        kind,
        object: { apiVersion: API_VERSION[kind], kind, ...ref },
        status: 'failed',
        reason: 'NotFound',
        message: `${kind} ${ref.namespace}/${ref.name} does not exist: the service is not deployed in ${environment}`,
      },
    ],
    signals: [],
  };
}

function findFlux<T extends { metadata: { name: string; namespace?: string } }>(
  objects: ReadonlyArray<T>,
  ref: ObjectRef,
): T | undefined {
  return objects.find(
    o => o.metadata.name === ref.name && o.metadata.namespace === ref.namespace,
  );
}

/** The check (and signal) for the service's Flux Kustomization. */
export function kustomizationFinding(
  ref: ObjectRef,
  kustomizations: ReadonlyArray<KustomizationObject> | undefined,
  environment: string,
): Finding {
  if (!kustomizations) return notObserved('Kustomization', ref);
  const ks = findFlux(kustomizations, ref);
  if (!ks) return notFound('Kustomization', ref, environment);

  const name = `${ref.namespace}/${ref.name}`;
  const readiness = fluxReadiness(ks);
  const status = checkStatusOf(readiness);
  const applied = ks.status?.lastAppliedRevision;
  let message = describe('Kustomization', name, readiness);
  if (readiness.state === 'ready' && applied) message += `: applied ${applied}`;
  const object = {
    apiVersion: API_VERSION.Kustomization,
    kind: 'Kustomization',
    ...ref,
  };
  const details = readiness.ready?.message
    ? restOfMessage(readiness.ready.message)
    : [];
  const signals: Signal[] =
    status === 'failed'
      ? [{ id: 'kustomization-not-ready', object, message }]
      : [];
  return {
    checks: [
      {
        id: `kustomization:${name}`,
        kind: 'Kustomization',
        object,
        status,
        reason: readiness.reason ?? readiness.state,
        message,
        ...(details.length ? { details } : {}),
      },
    ],
    signals,
  };
}

/** The outcome of the HelmRelease check, with its readiness for the chart versions. */
export interface HelmReleaseFinding extends Finding {
  readiness?: HelmReleaseReadiness;
}

/**
 * The check (and signals) for the service's HelmRelease. A ready release
 * whose deployed chart differs from the declared version is `degraded`.
 */
export function helmReleaseFinding(
  ref: ObjectRef,
  helmReleases: ReadonlyArray<HelmReleaseObject> | undefined,
  environment: string,
  declaredChartVersion: string | undefined,
): HelmReleaseFinding {
  if (!helmReleases) return notObserved('HelmRelease', ref);
  const hr = findFlux(helmReleases, ref);
  if (!hr) return notFound('HelmRelease', ref, environment);

  const name = `${ref.namespace}/${ref.name}`;
  const readiness = helmReleaseReadiness(hr, declaredChartVersion);
  const { chart } = readiness;
  let status = checkStatusOf(readiness);
  let reason = readiness.reason ?? readiness.state;
  let message = describe('HelmRelease', name, readiness);
  if (readiness.state === 'ready') {
    message += chart.deployed
      ? `: ${chart.chart ?? 'chart'} ${chart.deployed} deployed`
      : '';
    if (chart.matches === false) {
      status = 'degraded';
      reason = 'ChartVersionMismatch';
      message += `, but the catalog declares ${chart.declared}`;
    }
  } else if (chart.deployed && chart.matches === false) {
    message = `${sentence(message)} Deployed chart: ${chart.chart ?? 'chart'} ${
      chart.deployed
    }; declared: ${chart.declared}.`;
  }
  const object = {
    apiVersion: API_VERSION.HelmRelease,
    kind: 'HelmRelease',
    ...ref,
  };
  const details = readiness.ready?.message
    ? restOfMessage(readiness.ready.message)
    : [];
  const signals: Signal[] = [];
  if (status === 'failed') {
    signals.push({
      id: readiness.upgradeFailed
        ? 'helmrelease-upgrade-failed'
        : 'helmrelease-not-ready',
      object,
      message,
    });
  }
  return {
    checks: [
      {
        id: `helmrelease:${name}`,
        kind: 'HelmRelease',
        object,
        status,
        reason,
        message,
        ...(details.length ? { details } : {}),
      },
    ],
    signals,
    readiness,
  };
}
