import { deployment, helmRelease, pod } from './__fixtures__/objects';
import { attributeObjects, releaseNameOf } from './attribution';
import { HealthServiceInput } from './service';

function service(
  name: string,
  namespace: string,
  helmReleaseName?: string,
): HealthServiceInput {
  return {
    name,
    namespace,
    type: helmReleaseName ? 'HelmRelease' : 'Kustomization',
    status: 'Enabled',
    flux: {
      kustomization: { name, namespace: 'flux-system' },
      ...(helmReleaseName
        ? { helmRelease: { name: helmReleaseName, namespace: 'flux-system' } }
        : {}),
    },
  };
}

const kps = service(
  'kube-prometheus-stack',
  'monitoring',
  'kube-prometheus-stack',
);
const loki = service('loki', 'monitoring', 'loki');
const dashboards = service('grafana-dashboards', 'monitoring');
const services = [kps, loki, dashboards];

describe('releaseNameOf', () => {
  it('is spec.releaseName, or [targetNamespace-]name', () => {
    const hr = helmRelease({ name: 'loki' });
    expect(releaseNameOf(hr)).toBe('loki');
    delete hr.spec!.releaseName;
    expect(releaseNameOf(hr)).toBe('temporal-loki');
    delete hr.spec!.targetNamespace;
    expect(releaseNameOf(hr)).toBe('loki');
  });
});

describe('attributeObjects in a namespace several services share', () => {
  const cluster = {
    helmReleases: [
      helmRelease({ name: 'kube-prometheus-stack' }),
      helmRelease({ name: 'loki' }),
    ],
    deployments: [
      // labelled by helm-controller
      deployment(
        'kube-prometheus-stack-operator',
        {
          app: 'kps-operator',
          'helm.toolkit.fluxcd.io/name': 'kube-prometheus-stack',
          'helm.toolkit.fluxcd.io/namespace': 'flux-system',
        },
        1,
        1,
        'monitoring',
      ),
      // only the chart's instance label
      deployment(
        'loki-gateway',
        { app: 'loki-gateway', 'app.kubernetes.io/instance': 'loki' },
        1,
        1,
        'monitoring',
      ),
      // only a name prefix
      deployment('loki-canary', { app: 'loki-canary' }, 1, 1, 'monitoring'),
      // nobody's
      deployment(
        'node-exporter-x',
        { app: 'node-exporter' },
        1,
        1,
        'monitoring',
      ),
    ],
    pods: [
      pod(
        'kube-prometheus-stack-operator-1',
        { app: 'kps-operator' },
        { namespace: 'monitoring' },
      ),
      pod(
        'loki-gateway-1',
        { app: 'loki-gateway' },
        { namespace: 'monitoring' },
      ),
    ],
  };

  it('attributes by Flux labels, then app.kubernetes.io/instance, then name prefix', () => {
    const names = (s: HealthServiceInput) =>
      attributeObjects(s, services, cluster).workloads.map(
        w => w.metadata.name,
      );
    expect(names(kps)).toEqual(['kube-prometheus-stack-operator']);
    expect(names(loki)).toEqual(['loki-gateway', 'loki-canary']);
    expect(names(dashboards)).toEqual([]);
  });

  it('gives a pod to the service of the workload that selects it', () => {
    expect(
      attributeObjects(kps, services, cluster).pods.map(p => p.metadata.name),
    ).toEqual(['kube-prometheus-stack-operator-1']);
    expect(
      attributeObjects(loki, services, cluster).pods.map(p => p.metadata.name),
    ).toEqual(['loki-gateway-1']);
  });
});

describe('attributeObjects in a namespace of its own', () => {
  it('gives the service everything in its namespace, and CNPG instance pods to their Cluster', () => {
    const pg = service('postgresql-cluster', 'cnpg-system');
    const operator = service('cnpg-operator', 'cnpg-system', 'cnpg-operator');
    const cluster = {
      helmReleases: [helmRelease({ name: 'cnpg-operator' })],
      postgresClusters: [
        {
          metadata: {
            name: 'postgresql-cluster',
            namespace: 'cnpg-system',
            labels: {
              'kustomize.toolkit.fluxcd.io/name': 'postgresql-cluster',
              'kustomize.toolkit.fluxcd.io/namespace': 'flux-system',
            },
          },
        },
      ],
      pods: [
        pod(
          'postgresql-cluster-1',
          { 'cnpg.io/cluster': 'postgresql-cluster' },
          { namespace: 'cnpg-system' },
        ),
      ],
      clusterSecretStores: [
        {
          metadata: {
            name: 'localstack-secretstore',
            labels: {
              'kustomize.toolkit.fluxcd.io/name': 'postgresql-cluster',
              'kustomize.toolkit.fluxcd.io/namespace': 'flux-system',
            },
          },
        },
      ],
    };
    const objects = attributeObjects(pg, [pg, operator], cluster);
    expect(objects.postgresClusters).toHaveLength(1);
    expect(objects.postgresPods.map(p => p.metadata.name)).toEqual([
      'postgresql-cluster-1',
    ]);
    expect(objects.pods).toEqual([]);
    expect(objects.clusterSecretStores).toHaveLength(1);
    expect(
      attributeObjects(operator, [pg, operator], cluster).postgresClusters,
    ).toEqual([]);
  });
});
