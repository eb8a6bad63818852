import { stripSecret } from './secrets';

describe('stripSecret', () => {
  it('keeps name, namespace, labels and type, and nothing else', () => {
    const stripped = stripSecret({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: {
        name: 'postgresql-cluster-app',
        namespace: 'temporal',
        labels: { 'cnpg.io/reload': 'true' },
        annotations: {
          'kubectl.kubernetes.io/last-applied-configuration':
            '{"stringData":{"password":"fixture-password-do-not-show"}}',
        },
      },
      type: 'Opaque',
      data: { password: 'Zml4dHVyZS1wYXNzd29yZC1kby1ub3Qtc2hvdw==' },
      stringData: { password: 'fixture-password-do-not-show' },
    });
    expect(stripped).toEqual({
      metadata: {
        name: 'postgresql-cluster-app',
        namespace: 'temporal',
        labels: { 'cnpg.io/reload': 'true' },
      },
      type: 'Opaque',
    });
    expect(JSON.stringify(stripped)).not.toMatch(/fixture|Zml4dHVyZ/);
  });
});
