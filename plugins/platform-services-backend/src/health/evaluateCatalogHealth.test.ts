import { dependencyOrder } from './evaluateCatalogHealth';
import { HealthServiceInput } from './service';

const svc = (name: string, ...deps: string[]): HealthServiceInput => ({
  name,
  namespace: name,
  type: 'Kustomization',
  status: 'Enabled',
  flux: { kustomization: { name, namespace: 'flux-system' } },
  dependsOn: deps.map(service => ({ service })),
});

describe('dependencyOrder', () => {
  it('puts every service after its upstream services, ties by name', () => {
    const order = dependencyOrder([
      svc('temporal', 'postgresql-cluster', 'external-secrets-config'),
      svc('postgresql-cluster', 'cnpg-operator'),
      svc('external-secrets-config'),
      svc('cnpg-operator', 'unknown-service'),
    ]).map(s => s.name);
    expect(order).toEqual([
      'cnpg-operator',
      'external-secrets-config',
      'postgresql-cluster',
      'temporal',
    ]);
  });

  it('puts services in a cycle last, by name', () => {
    expect(
      dependencyOrder([svc('b', 'a'), svc('a', 'b'), svc('c')]).map(
        s => s.name,
      ),
    ).toEqual(['c', 'a', 'b']);
  });
});
