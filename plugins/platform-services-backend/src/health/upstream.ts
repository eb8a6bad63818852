import type {
  HealthCheck,
  ServiceHealthSummary,
  Signal,
  SignalId,
} from '@platform-services/plugin-platform-services-common';
import { Finding } from './findings';

/**
 * Upstream symptoms a downstream runbook may address (e.g. Temporal's
 * "Frontend pods unable to connect to PostgreSQL" when the shared PostgreSQL
 * cluster is degraded). Other upstream signals stay with their service.
 */
const PROPAGATED_SIGNALS: ReadonlySet<SignalId> = new Set<SignalId>([
  'postgres-cluster-degraded',
  'secretstore-not-ready',
]);

function upstreamCheck(
  name: string,
  summary: ServiceHealthSummary | undefined,
): HealthCheck {
  const base = { id: `upstream:${name}`, kind: 'Upstream' as const };
  if (!summary) {
    return {
      ...base,
      status: 'unknown',
      reason: 'UpstreamUnknown',
      message: `Upstream ${name} has not been evaluated`,
    };
  }
  switch (summary.status) {
    case 'healthy':
      return {
        ...base,
        status: 'ok',
        reason: 'UpstreamHealthy',
        message: `Upstream ${name} is healthy`,
      };
    case 'suspended':
      return {
        ...base,
        status: 'ok',
        reason: 'UpstreamSuspended',
        message: `Upstream ${name} is suspended (${summary.summary})`,
      };
    case 'unknown':
      return {
        ...base,
        status: 'unknown',
        reason: 'UpstreamUnknown',
        message: `Upstream ${name}: ${summary.summary}`,
      };
    case 'disabled':
      return {
        ...base,
        status: 'degraded',
        reason: 'UpstreamDisabled',
        message: `Upstream ${name} is Disabled in the catalog`,
      };
    default:
      return {
        ...base,
        status: 'degraded',
        reason:
          summary.status === 'unhealthy'
            ? 'UpstreamUnhealthy'
            : 'UpstreamDegraded',
        message: `Upstream ${name} is ${summary.status}: ${summary.summary}`,
      };
  }
}

/**
 * One check per upstream service. A degraded, unhealthy or Disabled upstream
 * makes this service at most `degraded`: whether it is itself unhealthy is
 * for its own checks to say. Selected upstream signals are carried over,
 * marked with the upstream they come from.
 */
export function upstreamFinding(
  dependsOn: ReadonlyArray<{ service: string }>,
  upstream: ReadonlyMap<string, ServiceHealthSummary>,
): Finding {
  const checks = dependsOn.map(d =>
    upstreamCheck(d.service, upstream.get(d.service)),
  );
  const signals: Signal[] = [];
  for (const d of dependsOn) {
    const summary = upstream.get(d.service);
    if (
      !summary ||
      (summary.status !== 'degraded' && summary.status !== 'unhealthy')
    )
      continue;
    for (const s of summary.signals) {
      if (PROPAGATED_SIGNALS.has(s.id))
        signals.push({ ...s, upstream: s.upstream ?? d.service });
    }
  }
  return { checks, signals };
}
