import type {
  CheckStatus,
  HealthCheck,
  HealthCheckKind,
  HealthStatus,
} from '@platform-services/plugin-platform-services-common';

/** The overall status a set of checks leads to, and the checks that decided it. */
export interface StatusDecision {
  status: Exclude<HealthStatus, 'disabled'>;
  causes: HealthCheck[];
}

const having = (
  checks: ReadonlyArray<HealthCheck>,
  ...statuses: CheckStatus[]
) => checks.filter(c => statuses.includes(c.status));

/**
 * Combines checks into a service status, first rule that applies:
 * 1. any `failed` check: `unhealthy`;
 * 2. any `suspended` check: `suspended` (Flux is paused, nothing is failing);
 * 3. any `degraded` or `progressing` check: `degraded`;
 * 4. no check, or only `unknown` ones: `unknown`;
 * 5. otherwise `healthy`.
 */
export function decideStatus(
  checks: ReadonlyArray<HealthCheck>,
): StatusDecision {
  const failed = having(checks, 'failed');
  if (failed.length) return { status: 'unhealthy', causes: failed };
  const suspended = having(checks, 'suspended');
  if (suspended.length) return { status: 'suspended', causes: suspended };
  const degraded = having(checks, 'degraded', 'progressing');
  if (degraded.length) return { status: 'degraded', causes: degraded };
  if (having(checks, 'ok').length === 0)
    return { status: 'unknown', causes: having(checks, 'unknown') };
  return { status: 'healthy', causes: [] };
}

/**
 * Which causes to name first: the objects that fail on their own before the
 * ones that fail because of them (a Kustomization waiting on a failed
 * HelmRelease, a service whose upstream is degraded).
 */
const CAUSE_ORDER: HealthCheckKind[] = [
  'HelmRelease',
  'Job',
  'Workload',
  'PostgresCluster',
  'ExternalSecret',
  'SecretStore',
  'Secret',
  'IngressRoute',
  'Temporal',
  'Kustomization',
  'Upstream',
];

/** Causes in the order `CAUSE_ORDER` gives, checks of the same kind in their own order. */
export function orderCauses(causes: ReadonlyArray<HealthCheck>): HealthCheck[] {
  return causes
    .map((check, index) => ({ check, index }))
    .sort(
      (a, b) =>
        CAUSE_ORDER.indexOf(a.check.kind) - CAUSE_ORDER.indexOf(b.check.kind) ||
        a.index - b.index,
    )
    .map(x => x.check);
}

/**
 * One line explaining the status (the status itself is shown apart): the
 * messages of the first two causes, "(+N more)" for the others.
 */
export function summarize(
  decision: StatusDecision,
  checkCount: number,
): string {
  if (decision.status === 'healthy') return `All ${checkCount} checks passed`;
  if (decision.causes.length === 0) return 'Nothing was observed';
  const causes = orderCauses(decision.causes);
  const shown = causes.slice(0, 2).map(c => c.message.replace(/\.$/, ''));
  const more = causes.length > 2 ? ` (+${causes.length - 2} more)` : '';
  return `${shown.join('; ')}${more}`;
}
