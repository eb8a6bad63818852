import type {
  CatalogParameter,
  DeploymentType,
  ObjectRef,
  ServiceStatus,
} from '@platform-services/plugin-platform-services-common';

/** A runbook as health needs it; a catalog runbook and a `ServiceRunbook` both fit. */
export interface RunbookInput {
  id?: string;
  title: string;
  script: string;
  /** Signal ids the runbook declares; inferred from `script` when absent. */
  signals?: ReadonlyArray<string>;
}

/**
 * A service as health needs it. Both a catalog `CatalogService` and the
 * model's `ServiceDetail` fit.
 */
export interface HealthServiceInput {
  name: string;
  namespace: string;
  type: DeploymentType;
  status: ServiceStatus;
  chart?: { name: string; version: string };
  flux: { kustomization: ObjectRef; helmRelease?: ObjectRef };
  dependsOn?: ReadonlyArray<{ service: string }>;
  configuration?: { parameters: ReadonlyArray<CatalogParameter> };
  runbooks?: ReadonlyArray<RunbookInput>;
}

/**
 * The chart version declared for an environment: the value of the parameter
 * bound to the HelmRelease's `spec.chart.spec.version` when there is one,
 * otherwise the catalog's `chart.version`.
 */
export function declaredChartVersion(
  service: HealthServiceInput,
  environment: string,
): string | undefined {
  const bound = service.configuration?.parameters.find(
    p =>
      p.live?.object === 'helmRelease' &&
      p.live.path === 'spec.chart.spec.version',
  );
  return bound?.values[environment] ?? service.chart?.version;
}
