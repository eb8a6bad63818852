import { loadScenario } from '../health/__fixtures__/loadScenario';
import { fixtureSecretValues } from './__fixtures__/fakeKubeApi';
import { HIDDEN, sanitizeSecret, SecretGuard } from './secrets';

describe('Secrets', () => {
  const secrets = loadScenario('healthy').objects.filter(
    o => o.kind === 'Secret',
  );

  it('keeps metadata and value sizes only', () => {
    for (const raw of secrets) {
      const { secret } = sanitizeSecret({
        ...raw,
        stringData: { extra: 'fixture-extra-do-not-show' },
      });
      expect(secret.dataBytes).toEqual(
        expect.objectContaining(
          Object.fromEntries(
            Object.entries<string>((raw as any).data).map(([k, v]) => [
              k,
              Buffer.from(v, 'base64').length,
            ]),
          ),
        ),
      );
      const json = JSON.stringify(secret);
      expect(json).not.toContain('fixture-extra-do-not-show');
      for (const value of fixtureSecretValues())
        expect(json).not.toContain(value);
    }
  });

  it('hides the values of the Secrets an operation read wherever they turn up', () => {
    const guard = new SecretGuard();
    const { values } = sanitizeSecret(
      secrets.find(s => s.metadata.name === 'postgresql-cluster-app')!,
    );
    guard.remember([...values, 'abc']);
    const log = {
      kind: 'log',
      lines: [
        'connecting with password fixture-password-do-not-show',
        'short abc stays',
      ],
    };
    expect(guard.scrubValue(log)).toEqual({
      kind: 'log',
      lines: [`connecting with password ${HIDDEN}`, 'short abc stays'],
    });
    expect(guard.scrub('Zml4dHVyZS1wYXNzd29yZC1kby1ub3Qtc2hvdw==')).toBe(
      HIDDEN,
    );
  });
});
