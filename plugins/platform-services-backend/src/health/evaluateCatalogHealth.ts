import type {
  CatalogHealth,
  ServiceHealth,
  ServiceHealthSummary,
} from '@platform-services/plugin-platform-services-common';
import {
  evaluateObservedService,
  ServiceProbe,
  summaryOf,
} from './evaluateServiceHealth';
import { ClusterObjects } from './objects';
import { namespaceViews, observeCluster } from './observedCluster';
import { HealthServiceInput } from './service';
import { WorkloadThresholds } from './workloads';

/** Input of `evaluateCatalogHealth`. */
export interface EvaluateCatalogHealthInput {
  services: ReadonlyArray<HealthServiceInput>;
  environment: string;
  /** Everything observed in the cluster; `undefined` when it is unreachable. */
  objects: ClusterObjects | undefined;
  now: Date;
  /** Probe results by service name. */
  probes?: ReadonlyMap<string, ServiceProbe>;
  thresholds?: Partial<WorkloadThresholds>;
}

/**
 * Orders services so that each comes after the services it depends on
 * (Kahn's algorithm, ties by name). Services in a dependency cycle come
 * last, by name; their upstream checks then say the upstream was not
 * evaluated.
 */
export function dependencyOrder(
  services: ReadonlyArray<HealthServiceInput>,
): HealthServiceInput[] {
  const byName = new Map(services.map(s => [s.name, s]));
  const waitingOn = new Map(
    services.map(s => [
      s.name,
      new Set(
        (s.dependsOn ?? [])
          .map(d => d.service)
          .filter(d => byName.has(d) && d !== s.name),
      ),
    ]),
  );
  const ordered: HealthServiceInput[] = [];
  const done = new Set<string>();
  for (;;) {
    const ready = [...waitingOn.entries()]
      .filter(
        ([name, deps]) => !done.has(name) && [...deps].every(d => done.has(d)),
      )
      .map(([name]) => name)
      .sort();
    if (ready.length === 0) break;
    for (const name of ready) {
      done.add(name);
      ordered.push(byName.get(name)!);
    }
  }
  const cyclic = services
    .filter(s => !done.has(s.name))
    .sort((a, b) => a.name.localeCompare(b.name));
  return [...ordered, ...cyclic];
}

/**
 * Evaluates every service of the catalog in one environment, upstream
 * services first so that each service sees the health of those it depends
 * on. The cluster is observed (Secrets stripped) once for all.
 */
export function evaluateCatalogHealth(
  input: EvaluateCatalogHealthInput,
): CatalogHealth {
  const { services, environment, now } = input;
  const cluster = input.objects ? observeCluster(input.objects) : undefined;
  const inNamespace = cluster ? namespaceViews(cluster) : undefined;
  const upstream = new Map<string, ServiceHealthSummary>();
  const results: ServiceHealth[] = [];
  for (const service of dependencyOrder(services)) {
    const health = evaluateObservedService({
      service,
      services,
      environment,
      cluster: inNamespace?.(service.namespace),
      now,
      upstream,
      ...(input.probes?.get(service.name)
        ? { probe: input.probes.get(service.name) }
        : {}),
      ...(input.thresholds ? { thresholds: input.thresholds } : {}),
    });
    upstream.set(service.name, summaryOf(health));
    results.push(health);
  }
  return {
    environment,
    evaluatedAt: now.toISOString(),
    services: results.sort((a, b) => a.service.localeCompare(b.service)),
  };
}
