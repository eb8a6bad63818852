import type {
  HealthCheck,
  Signal,
  SignalId,
  TemporalProbeResult,
} from '@platform-services/plugin-platform-services-common';
import type { ServiceProbe } from '../health';

/**
 * What a Temporal probe adds to the health of its service: one check that
 * sums the server up, and its signals, so that the page's verdict and the
 * runbook matching see Temporal's own state next to the cluster's.
 */
export function asServiceProbe(result: TemporalProbeResult): ServiceProbe {
  const signals: Signal[] = result.signals.map(s => ({
    id: s.id as SignalId,
    message: s.message,
    ...(s.component ? { component: s.component } : {}),
  }));
  let check: HealthCheck;
  if (!result.reachable) {
    check = {
      id: `temporal:${result.address}`,
      kind: 'Temporal',
      status: 'failed',
      reason: 'Unreachable',
      message: `The Temporal frontend at ${result.address} does not answer${result.error ? `: ${result.error}` : ''}`,
    };
  } else {
    const problems = result.signals.map(s => s.message);
    const version = result.server?.version ? ` (server ${result.server.version})` : '';
    check = {
      id: `temporal:${result.address}`,
      kind: 'Temporal',
      status: problems.length > 0 ? 'degraded' : 'ok',
      reason: problems.length > 0 ? result.signals[0].id : 'Serving',
      message:
        problems.length > 0
          ? problems[0]
          : `Temporal at ${result.address} is serving${version}`,
      ...(problems.length > 1 ? { details: problems.slice(1) } : {}),
    };
  }
  return { checks: [check], signals };
}

/**
 * The latest probe results of a scheduler as per-service probes for one
 * environment, in the shape health evaluation takes.
 */
export function probesOf(scheduler: {
  targets(): Array<{ service: string; environment: string }>;
  latest(environment: string, service?: string): TemporalProbeResult | undefined;
}) {
  return (environment: string): ReadonlyMap<string, ServiceProbe> => {
    const probes = new Map<string, ServiceProbe>();
    for (const target of scheduler.targets()) {
      if (target.environment !== environment) continue;
      const result = scheduler.latest(environment, target.service);
      if (result) probes.set(target.service, asServiceProbe(result));
    }
    return probes;
  };
}
