/**
 * The health of a platform service in one environment, as the backend
 * evaluates it from live cluster objects (and, later, Temporal probes) and
 * the frontend renders it. Types only: the evaluation is in the backend.
 */

import type { ObjectRef } from '../catalog/types';

/**
 * The overall status of a service.
 *
 * - `healthy`: every check passed.
 * - `degraded`: working, but something is partly down, progressing, drifting
 *   from what Git declares, or an upstream service has a problem.
 * - `unhealthy`: a check failed (a Flux object failed, a component has no
 *   ready pods, a required Secret is missing, ...).
 * - `suspended`: Flux reconciliation of the service is suspended and nothing
 *   is failing.
 * - `disabled`: the catalog marks the service `Disabled`.
 * - `unknown`: no data (cluster unreachable or not observed yet).
 *
 * @public
 */
export type HealthStatus =
  | 'healthy'
  | 'degraded'
  | 'unhealthy'
  | 'suspended'
  | 'disabled'
  | 'unknown';

/**
 * The result of one check. `failed` makes a service `unhealthy`; `degraded`
 * and `progressing` make it `degraded`; `suspended` makes it `suspended`.
 *
 * @public
 */
export type CheckStatus =
  | 'ok'
  | 'progressing'
  | 'degraded'
  | 'failed'
  | 'suspended'
  | 'unknown';

/** What a check looked at. @public */
export type HealthCheckKind =
  | 'HelmRelease'
  | 'Kustomization'
  | 'Workload'
  | 'Job'
  | 'ExternalSecret'
  | 'SecretStore'
  | 'Secret'
  | 'IngressRoute'
  | 'PostgresCluster'
  | 'Upstream'
  | 'Temporal';

/** A Kubernetes object a check or signal is about. @public */
export interface HealthObjectRef {
  apiVersion?: string;
  kind: string;
  /** Absent for cluster-scoped objects. */
  namespace?: string;
  name: string;
}

/** One check and its outcome. @public */
export interface HealthCheck {
  /** Stable within a service, e.g. `workload:temporal/history`. */
  id: string;
  kind: HealthCheckKind;
  object?: HealthObjectRef;
  /** The `app.kubernetes.io/component` (or workload name) it concerns. */
  component?: string;
  status: CheckStatus;
  /** A short machine-readable reason, e.g. `UpgradeFailed`, `OOMKilled`. */
  reason: string;
  /** What an operator should read, e.g. "2 of 2 history pods were OOMKilled". */
  message: string;
  /** Supporting lines, e.g. one per problem pod. */
  details?: string[];
}

/**
 * The fixed vocabulary of symptoms the backend detects and runbooks can
 * declare (`signals` on a catalog runbook).
 *
 * @public
 */
export type SignalId =
  | 'helmrelease-upgrade-failed'
  | 'helmrelease-not-ready'
  | 'kustomization-not-ready'
  | 'schema-job-failed'
  | 'job-failed'
  | 'pods-crashlooping'
  | 'pods-oomkilled'
  | 'pods-pending'
  | 'pods-not-ready'
  | 'image-pull-failed'
  | 'externalsecret-not-synced'
  | 'secretstore-not-ready'
  | 'secret-missing'
  | 'ingress-backend-no-endpoints'
  | 'postgres-cluster-degraded'
  | 'temporal-backlog-no-pollers'
  | 'temporal-frontend-unreachable'
  | 'temporal-namespace-missing'
  | 'temporal-namespace-retention-mismatch';

/** A detected symptom. @public */
export interface Signal {
  id: SignalId;
  /** The component (or, without component labels, workload name) affected. */
  component?: string;
  object?: HealthObjectRef;
  /** Set when the symptom was observed on an upstream service of this name. */
  upstream?: string;
  message: string;
}

/** One signal that made a runbook match. @public */
export interface RunbookSignalMatch {
  signal: SignalId;
  component?: string;
  /** Set when the signal was observed on this upstream service. */
  upstream?: string;
  /** Whether the runbook declares the signal or it was read from its script. */
  source: 'declared' | 'inferred';
  /** For inferred signals, the script command that implies it. */
  evidence?: string;
  /** Contribution to the score. */
  points: number;
}

/** A runbook that fits the current signals, best first in a list. @public */
export interface RunbookMatch {
  runbookId: string;
  title: string;
  score: number;
  matched: RunbookSignalMatch[];
  /** How many signals the runbook addresses in all. */
  signalCount: number;
  /** Why it matched, for a human. */
  reason: string;
}

/**
 * How a parameter's declared value compares with the live object.
 * `not-set`: the catalog sets no value for this environment.
 * `not-found`: the object or the path in it does not exist.
 *
 * @public
 */
export type DriftOutcome = 'match' | 'mismatch' | 'not-found' | 'not-set';

/** The live value of one catalog parameter with a `live` binding. @public */
export interface ParameterDrift {
  parameter: string;
  environment: string;
  outcome: DriftOutcome;
  declared?: string;
  live?: string;
  object: 'helmRelease' | 'kustomization';
  path: string;
  ref?: ObjectRef;
  message: string;
}

/** Chart versions of a HelmRelease service. @public */
export interface ChartVersionState {
  chart?: string;
  /** What the catalog (or the environment's chart-version parameter) declares. */
  declared?: string;
  /** The newest release Helm deployed successfully. */
  deployed?: string;
  /** The version of the last install or upgrade attempt. */
  lastAttempted?: string;
  /** Absent when either side is unknown. */
  matches?: boolean;
}

/** What a service needs to know about its upstream services. @public */
export interface ServiceHealthSummary {
  service: string;
  status: HealthStatus;
  /**
   * One line explaining `status` (without repeating it), e.g. "PostgreSQL
   * cluster cnpg-system/postgresql-cluster: 1 of 3 instances ready, ...".
   */
  summary: string;
  signals: Signal[];
}

/** The full health of one service in one environment. @public */
export interface ServiceHealth extends ServiceHealthSummary {
  environment: string;
  /** RFC 3339; the `now` of the evaluation. */
  evaluatedAt: string;
  /** Ids of the checks that decided `status`. */
  causes: string[];
  checks: HealthCheck[];
  /** Runbooks of the service ranked against `signals`; empty when none fit. */
  runbooks: RunbookMatch[];
  drift: ParameterDrift[];
  chart?: ChartVersionState;
}

/** Every service of the catalog in one environment. @public */
export interface CatalogHealth {
  environment: string;
  evaluatedAt: string;
  /** Sorted by service name. */
  services: ServiceHealth[];
}
