import { runbookContextFor, ScopedService } from './context';

const service = (
  name: string,
  namespace: string,
  dependsOn: string[] = [],
  helm = false,
): ScopedService => ({
  name,
  namespace,
  flux: {
    kustomization: { name, namespace: 'flux-system' },
    ...(helm
      ? { helmRelease: { name: `${name}-hr`, namespace: 'flux-system' } }
      : {}),
  },
  dependsOn: dependsOn.map(s => ({ service: s })),
});

describe('runbookContextFor', () => {
  const services = [
    service('app', 'app', ['db', 'secrets', 'missing'], true),
    service('db', 'db', ['operator', 'secrets']),
    service('secrets', 'secrets', ['app']), // a cycle back to app
    service('operator', 'db'),
    service('unrelated', 'other'),
  ];

  it('lists the service and its upstreams, breadth first, each once, with the chain to reach it', () => {
    const context = runbookContextFor(services, 'app', {
      secrets: [{ kind: 'ClusterSecretStore', name: 'store' }],
    });
    expect(context.service).toEqual({
      service: 'app',
      namespace: 'app',
      fluxObjects: [
        { kind: 'Kustomization', name: 'app', namespace: 'flux-system' },
        { kind: 'HelmRelease', name: 'app-hr', namespace: 'flux-system' },
      ],
    });
    expect(context.upstreams.map(u => [u.service, u.via])).toEqual([
      ['db', []],
      ['secrets', []],
      ['operator', ['db']],
    ]);
    expect(context.upstreams[1].clusterScopedObjects).toEqual([
      { kind: 'ClusterSecretStore', name: 'store' },
    ]);
  });

  it('throws for a service the catalog does not have', () => {
    expect(() => runbookContextFor(services, 'nope')).toThrow(
      'No service named "nope"',
    );
  });
});
