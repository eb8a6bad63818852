import { exampleModel } from './__fixtures__/fakeKubeApi';
import { clusterScopedObjectsByService } from './clusterScope';

describe('cluster-scoped objects by owning service', () => {
  const services = [...exampleModel().services.values()];

  it('gives each Flux-labelled object to the service whose Flux object applied it', () => {
    expect(
      clusterScopedObjectsByService(services, [
        {
          kind: 'ClusterSecretStore',
          metadata: {
            name: 'localstack-secretstore',
            labels: {
              'kustomize.toolkit.fluxcd.io/name': 'external-secrets-config',
              'kustomize.toolkit.fluxcd.io/namespace': 'flux-system',
            },
          },
        },
        {
          kind: 'ClusterIssuer',
          metadata: {
            name: 'platform-ca',
            labels: { 'helm.toolkit.fluxcd.io/name': 'cert-manager' },
          },
        },
        { kind: 'ClusterSecretStore', metadata: { name: 'hand-made' } },
        {
          kind: 'ClusterSecretStore',
          metadata: {
            name: 'elsewhere',
            labels: {
              'kustomize.toolkit.fluxcd.io/name': 'external-secrets-config',
              'kustomize.toolkit.fluxcd.io/namespace': 'other',
            },
          },
        },
      ]),
    ).toEqual({
      'external-secrets-config': [
        { kind: 'ClusterSecretStore', name: 'localstack-secretstore' },
      ],
      'cert-manager': [{ kind: 'ClusterIssuer', name: 'platform-ca' }],
    });
  });
});
