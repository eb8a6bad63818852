import { exampleContext } from './__fixtures__/exampleCatalog';
import { checkScope } from './scope';
import { resourceType } from './resources';
import { RunbookOperation } from '@platform-services/plugin-platform-services-common';

const temporal = exampleContext('temporal');
const get = (
  plural: string,
  namespace: string | undefined,
  name?: string,
): RunbookOperation => ({
  kind: 'kubectl-get',
  resource: resourceType(plural)!,
  ...(name ? { name } : {}),
  ...(namespace ? { namespace } : {}),
  showLabels: false,
  labelColumns: [],
  filters: [],
});

describe('checkScope', () => {
  it('lets diagnostics read the service, its upstreams and their upstreams', () => {
    const grant = (op: RunbookOperation) => {
      const check = checkScope(op, temporal);
      return check.ok
        ? check.grants.map(g => [g.service, g.relation])
        : check.reason;
    };
    expect(grant(get('pods', 'temporal'))).toEqual([['temporal', 'own']]);
    expect(grant(get('clusters', 'cnpg-system', 'postgresql-cluster'))).toEqual(
      [['postgresql-cluster', 'upstream']],
    );
    expect(grant(get('pods', 'localstack'))).toEqual([
      ['localstack', 'upstream'],
    ]);
    expect(
      grant(get('helmreleases', 'flux-system', 'temporal-server')),
    ).toEqual([['temporal', 'own']]);
    expect(
      grant(get('kustomizations', 'flux-system', 'postgresql-cluster')),
    ).toEqual([['postgresql-cluster', 'upstream']]);
    expect(
      grant(get('clustersecretstores', undefined, 'localstack-secretstore')),
    ).toEqual([['external-secrets-config', 'upstream']]);
  });

  it('refuses reads of what neither the service nor an upstream owns', () => {
    const reason = (op: RunbookOperation) => {
      const check = checkScope(op, temporal);
      return check.ok ? 'allowed' : check.reason;
    };
    expect(reason(get('pods', 'traefik'))).toContain(
      'namespace traefik belongs neither to temporal nor to its upstreams',
    );
    expect(reason(get('helmreleases', 'flux-system', 'traefik'))).toContain(
      'HelmRelease flux-system/traefik belongs neither',
    );
    expect(reason(get('helmreleases', 'flux-system'))).toContain(
      'includes the Flux objects of other services',
    );
    expect(reason(get('clusterissuers', undefined, 'platform-ca'))).toContain(
      'the cluster-scoped objects they own are ClusterSecretStore localstack-secretstore',
    );
    expect(reason(get('nodes', undefined))).toContain(
      'every Node in the cluster goes beyond',
    );
  });

  it('lets actions change only the service’s own namespace and Flux objects', () => {
    const ok = (op: RunbookOperation) => checkScope(op, temporal).ok;
    expect(
      ok({ kind: 'delete-jobs', namespace: 'temporal', selector: 'a=b' }),
    ).toBe(true);
    expect(
      ok({ kind: 'delete-jobs', namespace: 'cnpg-system', selector: 'a=b' }),
    ).toBe(false);
    expect(
      ok({
        kind: 'flux-suspend',
        objectKind: 'HelmRelease',
        name: 'temporal-server',
        namespace: 'flux-system',
      }),
    ).toBe(true);
    expect(
      ok({
        kind: 'flux-reconcile',
        objectKind: 'Kustomization',
        name: 'temporal',
        namespace: 'flux-system',
      }),
    ).toBe(true);
    expect(
      ok({
        kind: 'flux-reconcile',
        objectKind: 'Kustomization',
        name: 'postgresql-cluster',
        namespace: 'flux-system',
      }),
    ).toBe(false);
    expect(
      ok({
        kind: 'flux-reconcile',
        objectKind: 'Kustomization',
        name: 'temporal',
        namespace: 'other',
      }),
    ).toBe(false);
  });

  it('checks the nested read of a name too', () => {
    const nested = get('pods', 'kube-system');
    const check = checkScope(
      {
        kind: 'kubectl-logs',
        target: { workload: 'pod', name: { from: nested as never } },
        namespace: 'temporal',
        allContainers: false,
        previous: false,
        timestamps: false,
        filters: [],
      },
      temporal,
    );
    expect(check.ok).toBe(false);
  });
});
