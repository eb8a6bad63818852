/**
 * The synthetic platform of the health benchmark: a service-catalog.json of
 * `namespaces` x `perNamespace` services (1,000 by default) and, per service,
 * the cluster objects that the catalog's health reads:
 *
 * - in flux-system, a Kustomization and a HelmRelease named after the service
 *   (Ready, chart version as declared, values carrying the live bindings);
 * - in the service's namespace, 2 Deployments (components `api` and `worker`,
 *   10 replicas each) and their 20 Pods, labelled
 *   app.kubernetes.io/instance=<service> and app.kubernetes.io/component.
 *
 * Pods are small (one container, no env, no probes). Most are Running and
 * Ready; a deterministic few are not: ~2% of services have one pod in
 * CrashLoopBackOff, ~1% have one pod without any status (Pending, as a pod no
 * kubelet has picked up). Deployment statuses agree with their pods.
 *
 * Objects are returned without `status`; the status goes through the /status
 * subresource after the create (the API server ignores it on create).
 *
 * Deterministic: the same sizes always give the same objects.
 */

export const FLUX_NAMESPACE = 'flux-system';
export const COMPONENTS = ['api', 'worker'];
export const REPLICAS = 10;
const T0 = '2026-11-19T14:24:05Z';

/** Small, fast PRNG so that the platform is reproducible. */
export function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pad = (n, w) => String(n).padStart(w, '0');
const namespaceName = n => `bench-team-${pad(n, 3)}`;
const serviceName = (n, k) => `svc-${pad(n, 3)}-${k}`;
const chartVersion = i => `1.${i % 40}.0`;
const hashOf = (name, component) => {
  let h = 2166136261;
  for (const c of `${name}/${component}`)
    h = Math.imul(h ^ c.charCodeAt(0), 16777619);
  return (h >>> 0).toString(36).padStart(7, 'x').slice(0, 9);
};

/**
 * The services of the platform with what the seeding needs to know about
 * them: namespace, chart version, and which pod (if any) is unwell.
 */
export function platformPlan({
  namespaces = 100,
  perNamespace = 10,
  seed = 7,
} = {}) {
  const rand = mulberry32(seed);
  const services = [];
  for (let n = 0; n < namespaces; n++) {
    for (let k = 0; k < perNamespace; k++) {
      const i = services.length;
      const r = rand();
      services.push({
        index: i,
        name: serviceName(n, k),
        namespace: namespaceName(n),
        chartVersion: chartVersion(i),
        // ~2% one CrashLoopBackOff pod, ~1% one pod never scheduled (no status).
        unwell: r < 0.02 ? 'crashloop' : r < 0.03 ? 'pending' : undefined,
        // Pairs: each odd service depends on the even one before it.
        dependsOn: k % 2 === 1 ? [serviceName(n, k - 1)] : [],
      });
    }
  }
  return {
    namespaces: [...new Set(services.map(s => s.namespace))],
    services,
  };
}

/** The service-catalog.json of the plan (one environment, `dev`). */
export function catalogOf(plan) {
  return {
    catalogVersion: 1,
    generatedAt: '2026-11-20T09:30:00Z',
    source: {
      repository: 'https://github.com/example-org/platform-gitops',
      commit: 'bench0001',
    },
    environments: [{ name: 'dev', title: 'Dev' }],
    services: plan.services.map(s => {
      const upper = s.name.toUpperCase().replace(/-/g, '_');
      return {
        name: s.name,
        title: s.name,
        description: `Synthetic service ${s.name} of the health benchmark.`,
        namespace: s.namespace,
        type: 'HelmRelease',
        chart: {
          name: s.name,
          version: s.chartVersion,
          repository: 'https://charts.example.com/bench',
        },
        layer: 'Application services',
        status: 'Enabled',
        sourcePath: `apps/${s.name}/`,
        flux: {
          kustomization: { name: s.name, namespace: FLUX_NAMESPACE },
          helmRelease: { name: s.name, namespace: FLUX_NAMESPACE },
        },
        dependsOn: s.dependsOn.map(d => ({
          service: d,
          reason: 'Needs it ready first',
        })),
        configuration: {
          file: 'base/services/environment.env',
          parameters: [
            {
              name: `${upper}_CHART_VERSION`,
              values: { dev: s.chartVersion },
              live: { object: 'helmRelease', path: 'spec.chart.spec.version' },
            },
            {
              name: `${upper}_MEMORY_LIMIT`,
              values: { dev: '256Mi' },
              live: {
                object: 'helmRelease',
                path: 'spec.values.resources.limits.memory',
              },
            },
          ],
        },
        runbooks: [
          {
            title: `${s.name} pods crash-looping`,
            symptoms: 'The pods restart repeatedly.',
            script: `kubectl get pods -n ${s.namespace} -l app.kubernetes.io/instance=${s.name}\nkubectl logs -n ${s.namespace} deployment/${s.name}-api --previous`,
            signals: ['pods-crashlooping'],
          },
          {
            title: `${s.name} HelmRelease not ready`,
            symptoms: 'The HelmRelease reports Ready=False.',
            script: `flux get helmreleases ${s.name} -n ${FLUX_NAMESPACE}`,
          },
        ],
      };
    }),
  };
}

const condition = (type, status, reason, message) => ({
  type,
  status,
  ...(reason ? { reason } : {}),
  ...(message ? { message } : {}),
  lastTransitionTime: T0,
});

/** The service's Kustomization and HelmRelease, each as { object, status }. */
export function fluxObjectsOf(s) {
  const labels = {
    'kustomize.toolkit.fluxcd.io/name': s.name,
    'kustomize.toolkit.fluxcd.io/namespace': FLUX_NAMESPACE,
  };
  const revision = 'main@sha1:165b485c2a7d4e1f9b3c6d8e0f2a4b6c8d0e1f3a';
  const ks = {
    object: {
      apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
      kind: 'Kustomization',
      metadata: { name: s.name, namespace: FLUX_NAMESPACE },
      spec: {
        interval: '10m',
        path: `./apps/${s.name}`,
        prune: true,
        sourceRef: { kind: 'GitRepository', name: 'flux-system' },
      },
    },
    status: {
      observedGeneration: 1,
      lastAppliedRevision: revision,
      lastAttemptedRevision: revision,
      conditions: [
        {
          ...condition(
            'Ready',
            'True',
            'ReconciliationSucceeded',
            `Applied revision: ${revision}`,
          ),
          observedGeneration: 1,
        },
      ],
    },
  };
  const hr = {
    object: {
      apiVersion: 'helm.toolkit.fluxcd.io/v2',
      kind: 'HelmRelease',
      metadata: { name: s.name, namespace: FLUX_NAMESPACE, labels },
      spec: {
        interval: '10m',
        releaseName: s.name,
        targetNamespace: s.namespace,
        chart: {
          spec: {
            chart: s.name,
            version: s.chartVersion,
            sourceRef: {
              kind: 'HelmRepository',
              name: 'bench',
              namespace: FLUX_NAMESPACE,
            },
          },
        },
        values: { resources: { limits: { memory: '256Mi' } } },
      },
    },
    status: {
      observedGeneration: 1,
      lastAttemptedRevision: s.chartVersion,
      lastAttemptedReleaseAction: 'upgrade',
      conditions: [
        {
          ...condition(
            'Ready',
            'True',
            'UpgradeSucceeded',
            `Helm upgrade succeeded for release ${s.namespace}/${s.name}.v2 with chart ${s.name}@${s.chartVersion}`,
          ),
          observedGeneration: 1,
        },
        {
          ...condition(
            'Released',
            'True',
            'UpgradeSucceeded',
            'Helm upgrade succeeded',
          ),
          observedGeneration: 1,
        },
      ],
      history: [
        {
          name: s.name,
          namespace: s.namespace,
          version: 2,
          status: 'deployed',
          chartName: s.name,
          chartVersion: s.chartVersion,
          appVersion: '1.0.0',
          lastDeployed: T0,
        },
      ],
    },
  };
  return [ks, hr];
}

const podLabels = (s, component) => ({
  'app.kubernetes.io/name': s.name,
  'app.kubernetes.io/instance': s.name,
  'app.kubernetes.io/component': component,
  'pod-template-hash': hashOf(s.name, component),
});

/** A Running, Ready pod status; or, for `crashloop`, one in CrashLoopBackOff. */
export function podStatus(containerName, state = 'ready') {
  const ready = state === 'ready';
  return {
    phase: 'Running',
    startTime: T0,
    conditions: [
      condition('Initialized', 'True'),
      condition(
        'Ready',
        ready ? 'True' : 'False',
        ready ? undefined : 'ContainersNotReady',
      ),
      condition(
        'ContainersReady',
        ready ? 'True' : 'False',
        ready ? undefined : 'ContainersNotReady',
      ),
      condition('PodScheduled', 'True'),
    ],
    containerStatuses: [
      {
        name: containerName,
        image: 'registry.example.com/bench/app:1.0.0',
        ready,
        started: ready,
        restartCount: ready ? 0 : 7,
        state: ready
          ? { running: { startedAt: T0 } }
          : {
              waiting: {
                reason: 'CrashLoopBackOff',
                message: `back-off 5m0s restarting failed container=${containerName}`,
              },
            },
        ...(ready
          ? {}
          : {
              lastState: {
                terminated: {
                  exitCode: 1,
                  reason: 'Error',
                  startedAt: T0,
                  finishedAt: T0,
                },
              },
            }),
      },
    ],
  };
}

/**
 * The service's Deployments and Pods, each as { object, status }; a pod
 * without status (never scheduled) has `status: undefined`.
 */
export function workloadObjectsOf(s) {
  const deployments = [];
  const pods = [];
  COMPONENTS.forEach((component, c) => {
    const labels = podLabels(s, component);
    const selector = {
      'app.kubernetes.io/instance': s.name,
      'app.kubernetes.io/component': component,
    };
    const container = {
      name: component,
      image: 'registry.example.com/bench/app:1.0.0',
      resources: {
        limits: { memory: '256Mi' },
        requests: { cpu: '10m', memory: '64Mi' },
      },
    };
    let ready = 0;
    for (let r = 0; r < REPLICAS; r++) {
      // The first pod of the first component is the unwell one, if any.
      const state = c === 0 && r === 0 && s.unwell ? s.unwell : 'ready';
      if (state === 'ready') ready++;
      pods.push({
        object: {
          apiVersion: 'v1',
          kind: 'Pod',
          metadata: {
            name: `${s.name}-${component}-${labels['pod-template-hash']}-${pad(
              r,
              2,
            )}`,
            namespace: s.namespace,
            labels,
          },
          spec: { containers: [container] },
        },
        status: state === 'pending' ? undefined : podStatus(component, state),
      });
    }
    deployments.push({
      object: {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: {
          name: `${s.name}-${component}`,
          namespace: s.namespace,
          labels: {
            'app.kubernetes.io/name': s.name,
            'app.kubernetes.io/instance': s.name,
            'app.kubernetes.io/component': component,
          },
        },
        spec: {
          replicas: REPLICAS,
          selector: { matchLabels: selector },
          template: {
            metadata: {
              labels: { ...selector, 'app.kubernetes.io/name': s.name },
            },
            spec: { containers: [container] },
          },
        },
      },
      status: {
        observedGeneration: 1,
        replicas: REPLICAS,
        updatedReplicas: REPLICAS,
        readyReplicas: ready,
        availableReplicas: ready,
        ...(ready < REPLICAS ? { unavailableReplicas: REPLICAS - ready } : {}),
        conditions: [
          condition(
            'Available',
            ready === REPLICAS ? 'True' : 'False',
            ready === REPLICAS
              ? 'MinimumReplicasAvailable'
              : 'MinimumReplicasUnavailable',
          ),
          condition('Progressing', 'True', 'NewReplicaSetAvailable'),
        ],
      },
    });
  });
  return { deployments, pods };
}
