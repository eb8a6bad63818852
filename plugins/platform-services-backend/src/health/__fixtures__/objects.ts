import {
  Condition,
  ContainerStatus,
  DeploymentObject,
  HelmReleaseObject,
  KustomizationObject,
  PodObject,
} from '../objects';

/** The `now` of every fixture: the reference time of examples/cluster. */
export const NOW = new Date('2026-11-20T10:00:00Z');

/** An RFC 3339 time `minutes` before `NOW`. */
export function minutesAgo(minutes: number): string {
  return new Date(NOW.getTime() - minutes * 60_000).toISOString();
}

export function condition(
  type: string,
  status: 'True' | 'False' | 'Unknown',
  reason?: string,
  message?: string,
  extra: Partial<Condition> = {},
): Condition {
  return {
    type,
    status,
    ...(reason ? { reason } : {}),
    ...(message ? { message } : {}),
    ...extra,
  };
}

export function helmRelease(
  overrides: {
    name?: string;
    generation?: number;
    suspend?: boolean;
    observedGeneration?: number;
    conditions?: Condition[];
    history?: NonNullable<HelmReleaseObject['status']>['history'];
    lastAttemptedRevision?: string;
    lastAttemptedReleaseAction?: string;
    chartVersion?: string;
    values?: Record<string, unknown>;
  } = {},
): HelmReleaseObject {
  return {
    metadata: {
      name: overrides.name ?? 'temporal-server',
      namespace: 'flux-system',
      generation: overrides.generation ?? 1,
    },
    spec: {
      ...(overrides.suspend !== undefined
        ? { suspend: overrides.suspend }
        : {}),
      releaseName: overrides.name ?? 'temporal-server',
      targetNamespace: 'temporal',
      chart: {
        spec: {
          chart: 'temporal',
          version: overrides.chartVersion ?? '0.51.0',
        },
      },
      values: overrides.values ?? {},
    },
    status: {
      observedGeneration: overrides.observedGeneration ?? 1,
      conditions: overrides.conditions ?? [
        condition(
          'Ready',
          'True',
          'UpgradeSucceeded',
          'Helm upgrade succeeded',
          {
            observedGeneration: 1,
          },
        ),
      ],
      history: overrides.history ?? [
        {
          version: 3,
          status: 'deployed',
          chartName: 'temporal',
          chartVersion: '0.51.0',
        },
      ],
      ...(overrides.lastAttemptedRevision !== undefined
        ? { lastAttemptedRevision: overrides.lastAttemptedRevision }
        : { lastAttemptedRevision: '0.51.0' }),
      ...(overrides.lastAttemptedReleaseAction
        ? { lastAttemptedReleaseAction: overrides.lastAttemptedReleaseAction }
        : {}),
    },
  };
}

export function kustomization(
  name = 'temporal',
  conditions: Condition[] = [
    condition(
      'Ready',
      'True',
      'ReconciliationSucceeded',
      'Applied revision: main@sha1:165b485c',
      {
        observedGeneration: 1,
      },
    ),
  ],
): KustomizationObject {
  return {
    metadata: { name, namespace: 'flux-system', generation: 1 },
    spec: { interval: '10m' },
    status: {
      observedGeneration: 1,
      lastAppliedRevision: 'main@sha1:165b485c',
      conditions,
    },
  };
}

/** Labels of a Temporal chart pod of `component`. */
export function temporalLabels(component: string): Record<string, string> {
  return {
    'app.kubernetes.io/name': 'temporal',
    'app.kubernetes.io/instance': 'temporal-server',
    'app.kubernetes.io/component': component,
  };
}

export function deployment(
  name: string,
  labels: Record<string, string>,
  replicas: number,
  ready: number,
  namespace = 'temporal',
  memoryLimit = '1Gi',
): DeploymentObject {
  return {
    metadata: { name, namespace, generation: 1, labels },
    spec: {
      replicas,
      selector: { matchLabels: labels },
      template: {
        metadata: { labels },
        spec: {
          containers: [
            { name: 'main', resources: { limits: { memory: memoryLimit } } },
          ],
        },
      },
    },
    status: {
      observedGeneration: 1,
      replicas,
      updatedReplicas: replicas,
      readyReplicas: ready,
    },
  };
}

export function runningContainer(
  overrides: Partial<ContainerStatus> = {},
): ContainerStatus {
  return {
    name: 'main',
    ready: true,
    restartCount: 0,
    state: { running: { startedAt: minutesAgo(60) } },
    ...overrides,
  };
}

export function pod(
  name: string,
  labels: Record<string, string>,
  options: {
    namespace?: string;
    phase?: string;
    ready?: boolean;
    readySince?: string;
    containers?: ContainerStatus[];
    conditions?: Condition[];
    startTime?: string;
    memoryLimit?: string;
  } = {},
): PodObject {
  const ready = options.ready ?? true;
  return {
    metadata: { name, namespace: options.namespace ?? 'temporal', labels },
    spec: {
      containers: [
        {
          name: 'main',
          resources: { limits: { memory: options.memoryLimit ?? '1Gi' } },
        },
      ],
    },
    status: {
      phase: options.phase ?? 'Running',
      startTime: options.startTime ?? minutesAgo(120),
      conditions: options.conditions ?? [
        condition(
          'Ready',
          ready ? 'True' : 'False',
          ready ? undefined : 'ContainersNotReady',
          ready ? undefined : 'containers with unready status: [main]',
          { lastTransitionTime: options.readySince ?? minutesAgo(60) },
        ),
      ],
      containerStatuses: options.containers ?? [runningContainer({ ready })],
    },
  };
}
