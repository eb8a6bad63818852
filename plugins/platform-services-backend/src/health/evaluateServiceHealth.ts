import type {
  HealthCheck,
  ServiceHealth,
  ServiceHealthSummary,
  Signal,
} from '@platform-services/plugin-platform-services-common';
import { attributeObjects, ServiceObjects } from './attribution';
import { evaluateDrift } from './drift';
import {
  externalSecretFinding,
  RequiredSecret,
  requiredSecretsFinding,
  secretsReferencedBy,
  secretStoreFinding,
  targetSecretName,
} from './externalSecrets';
import { combineFindings, Finding } from './findings';
import { helmReleaseFinding, kustomizationFinding } from './fluxChecks';
import { ingressRouteFinding } from './ingress';
import { evaluateJobs } from './jobs';
import { matchRunbooks } from './matchRunbooks';
import { ClusterObjects } from './objects';
import { ObservedCluster, observeCluster } from './observedCluster';
import { postgresClusterFinding } from './postgres';
import { declaredChartVersion, HealthServiceInput } from './service';
import { decideStatus, orderCauses, summarize } from './status';
import { upstreamFinding } from './upstream';
import {
  DEFAULT_WORKLOAD_THRESHOLDS,
  evaluateWorkloadGroup,
  groupWorkloads,
  WorkloadThresholds,
} from './workloads';

/** What a probe outside Kubernetes (the Temporal probe) found about a service. */
export interface ServiceProbe {
  checks?: HealthCheck[];
  signals?: Signal[];
}

/** Input of `evaluateServiceHealth`. */
export interface EvaluateServiceHealthInput {
  service: HealthServiceInput;
  /** The environment the cluster is, e.g. `dev`. */
  environment: string;
  /** Everything observed in the cluster; `undefined` when it is unreachable. */
  objects: ClusterObjects | undefined;
  now: Date;
  /** Health of the services this one depends on, by name. */
  upstream?: ReadonlyMap<string, ServiceHealthSummary>;
  /**
   * The whole catalog, used to split the objects of a namespace several
   * services share; defaults to this service alone.
   */
  services?: ReadonlyArray<HealthServiceInput>;
  probe?: ServiceProbe;
  thresholds?: Partial<WorkloadThresholds>;
}

/** The part of a `ServiceHealth` its downstream services need. */
export function summaryOf(health: ServiceHealth): ServiceHealthSummary {
  const { service, status, summary, signals } = health;
  return { service, status, summary, signals };
}

function requiredSecrets(objects: ServiceObjects): RequiredSecret[] {
  const required = new Map<string, RequiredSecret>();
  const need = (namespace: string | undefined, name: string, by: string) => {
    const key = `${namespace}/${name}`;
    let r = required.get(key);
    if (!r)
      required.set(
        key,
        (r = { namespace: namespace ?? '', name, neededBy: [] }),
      );
    if (!r.neededBy.includes(by)) r.neededBy.push(by);
  };
  for (const es of objects.externalSecrets)
    need(
      es.metadata.namespace,
      targetSecretName(es),
      `ExternalSecret ${es.metadata.name}`,
    );
  for (const w of objects.workloads)
    for (const name of secretsReferencedBy(w.template?.spec))
      need(w.metadata.namespace, name, `${w.kind} ${w.metadata.name}`);
  return [...required.values()];
}

function clusterFindings(
  service: HealthServiceInput,
  objects: ServiceObjects,
  cluster: ObservedCluster,
  environment: string,
  now: Date,
  thresholds: WorkloadThresholds,
) {
  const hr = service.flux.helmRelease
    ? helmReleaseFinding(
        service.flux.helmRelease,
        cluster.helmReleases,
        environment,
        declaredChartVersion(service, environment),
      )
    : undefined;
  const stores = {
    clusterSecretStores: cluster.clusterSecretStores,
    secretStores: cluster.secretStores,
  };
  const findings: Finding[] = [
    kustomizationFinding(
      service.flux.kustomization,
      cluster.kustomizations,
      environment,
    ),
    ...(hr ? [hr] : []),
    ...groupWorkloads(objects.workloads, objects.pods).map(g =>
      evaluateWorkloadGroup(g, now, thresholds),
    ),
    evaluateJobs(objects.jobs, objects.jobPods),
    ...objects.externalSecrets.map(es =>
      externalSecretFinding(es, stores, cluster.secrets),
    ),
    ...objects.clusterSecretStores.map(s =>
      secretStoreFinding(s, 'ClusterSecretStore'),
    ),
    ...objects.secretStores.map(s => secretStoreFinding(s, 'SecretStore')),
    requiredSecretsFinding(requiredSecrets(objects), cluster.secrets),
    ...objects.ingressRoutes.flatMap(
      r => ingressRouteFinding(r, cluster) ?? [],
    ),
    ...objects.postgresClusters.map(c =>
      postgresClusterFinding(c, objects.postgresPods, now, thresholds),
    ),
  ];
  return { finding: combineFindings(findings), chart: hr?.readiness?.chart };
}

/**
 * Evaluates one service over an already observed (Secret-stripped) cluster.
 * `evaluateServiceHealth` and `evaluateCatalogHealth` are the ways in.
 */
export function evaluateObservedService(
  input: Omit<EvaluateServiceHealthInput, 'objects'> & {
    cluster: ObservedCluster | undefined;
  },
): ServiceHealth {
  const { service, environment, cluster, now } = input;
  const evaluatedAt = now.toISOString();
  const empty = {
    causes: [],
    checks: [],
    signals: [],
    runbooks: [],
    drift: [],
  };
  if (service.status === 'Disabled') {
    return {
      service: service.name,
      environment,
      evaluatedAt,
      status: 'disabled',
      summary: 'Disabled in the catalog',
      ...empty,
    };
  }
  if (!cluster) {
    return {
      service: service.name,
      environment,
      evaluatedAt,
      status: 'unknown',
      summary: `No cluster data for ${environment}: the cluster is unreachable or not observed yet`,
      ...empty,
    };
  }

  const thresholds = { ...DEFAULT_WORKLOAD_THRESHOLDS, ...input.thresholds };
  const objects = attributeObjects(
    service,
    input.services ?? [service],
    cluster,
  );
  const own = clusterFindings(
    service,
    objects,
    cluster,
    environment,
    now,
    thresholds,
  );
  const upstream = upstreamFinding(
    service.dependsOn ?? [],
    input.upstream ?? new Map(),
  );
  const probe: Finding = {
    checks: input.probe?.checks ?? [],
    signals: input.probe?.signals ?? [],
  };
  const { checks, signals } = combineFindings([own.finding, upstream, probe]);

  const decision = decideStatus(checks);
  const observedFlux = !!cluster.helmReleases && !!cluster.kustomizations;
  const find = <T extends { metadata: { name: string; namespace?: string } }>(
    list: ReadonlyArray<T> | undefined,
    ref: { name: string; namespace: string } | undefined,
  ) =>
    ref
      ? list?.find(
          o =>
            o.metadata.name === ref.name &&
            o.metadata.namespace === ref.namespace,
        )
      : undefined;
  const drift = observedFlux
    ? evaluateDrift(service, environment, {
        helmRelease: find(cluster.helmReleases, service.flux.helmRelease),
        kustomization: find(cluster.kustomizations, service.flux.kustomization),
      })
    : [];

  return {
    service: service.name,
    environment,
    evaluatedAt,
    status: decision.status,
    summary: summarize(decision, checks.length),
    causes: orderCauses(decision.causes).map(c => c.id),
    checks,
    signals,
    runbooks: matchRunbooks(signals, service.runbooks ?? []),
    drift,
    ...(own.chart ? { chart: own.chart } : {}),
  };
}

/**
 * The health of one service in one environment: its Flux objects (from the
 * catalog's refs), its workloads, Jobs, ExternalSecrets and stores, required
 * Secrets (existence only), IngressRoute backends and PostgreSQL clusters
 * (attributed as `attributeObjects` describes), its upstream services, and
 * what a probe adds; the overall status with the checks that decided it,
 * the symptoms as signals, the runbooks that fit them, and configuration
 * drift. Secrets are stripped of their data before anything reads them.
 */
export function evaluateServiceHealth(
  input: EvaluateServiceHealthInput,
): ServiceHealth {
  const { objects, ...rest } = input;
  return evaluateObservedService({
    ...rest,
    cluster: objects ? observeCluster(objects) : undefined,
  });
}
