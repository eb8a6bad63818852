import { condition } from './__fixtures__/objects';
import {
  externalSecretFinding,
  requiredSecretsFinding,
  secretsReferencedBy,
  secretStoreFinding,
} from './externalSecrets';
import { ExternalSecretObject, SecretStoreObject } from './objects';
import { SecretPresence } from './secrets';

const store = (ready: boolean): SecretStoreObject => ({
  metadata: { name: 'localstack-secretstore' },
  status: {
    conditions: [
      ready
        ? condition('Ready', 'True', 'Valid', 'store validated')
        : condition(
            'Ready',
            'False',
            'ValidationFailed',
            'unable to validate store',
          ),
    ],
  },
});

const es = (ready: boolean): ExternalSecretObject => ({
  metadata: { name: 'postgresql-cluster-app', namespace: 'temporal' },
  spec: {
    secretStoreRef: {
      name: 'localstack-secretstore',
      kind: 'ClusterSecretStore',
    },
    target: { name: 'postgresql-cluster-app' },
  },
  status: {
    refreshTime: '2026-11-20T08:12:40Z',
    conditions: [
      ready
        ? condition('Ready', 'True', 'SecretSynced', 'secret synced')
        : condition(
            'Ready',
            'False',
            'SecretSyncedError',
            'could not get secret data from provider',
          ),
    ],
  },
});

const secret: SecretPresence = {
  metadata: { name: 'postgresql-cluster-app', namespace: 'temporal' },
};

describe('externalSecretFinding', () => {
  it('is ok when synced', () => {
    const f = externalSecretFinding(
      es(true),
      { clusterSecretStores: [store(true)] },
      [secret],
    );
    expect(f.checks[0]).toMatchObject({ status: 'ok', reason: 'SecretSynced' });
  });

  it('is degraded while the stale Secret still exists, failed once it is gone', () => {
    const present = externalSecretFinding(
      es(false),
      { clusterSecretStores: [store(true)] },
      [secret],
    );
    expect(present.checks[0]).toMatchObject({
      status: 'degraded',
      reason: 'SecretSyncedError',
    });
    expect(present.checks[0].message).toBe(
      'ExternalSecret temporal/postgresql-cluster-app is not syncing (SecretSyncedError: could not get secret data from provider) ' +
        '(last sync 2026-11-20T08:12:40Z); Secret postgresql-cluster-app exists but may be stale',
    );
    expect(present.signals.map(s => s.id)).toEqual([
      'externalsecret-not-synced',
    ]);
    const gone = externalSecretFinding(
      es(false),
      { clusterSecretStores: [store(true)] },
      [],
    );
    expect(gone.checks[0].status).toBe('failed');
  });

  it('names a store that is not ready as the likely cause', () => {
    const f = externalSecretFinding(
      es(false),
      { clusterSecretStores: [store(false)] },
      [secret],
    );
    expect(f.checks[0].message).toContain(
      'its ClusterSecretStore localstack-secretstore is not ready (ValidationFailed: unable to validate store)',
    );
    expect(f.signals.map(s => s.id)).toEqual([
      'externalsecret-not-synced',
      'secretstore-not-ready',
    ]);
  });
});

describe('secretStoreFinding', () => {
  it('fails a store that is not ready, with its signal', () => {
    expect(
      secretStoreFinding(store(true), 'ClusterSecretStore').checks[0].status,
    ).toBe('ok');
    const f = secretStoreFinding(store(false), 'ClusterSecretStore');
    expect(f.checks[0]).toMatchObject({
      status: 'failed',
      id: 'clustersecretstore:localstack-secretstore',
    });
    expect(f.signals.map(s => s.id)).toEqual(['secretstore-not-ready']);
  });
});

describe('secrets a service needs', () => {
  it('reads the non-optional Secret references of a pod spec', () => {
    expect(
      secretsReferencedBy({
        containers: [
          {
            name: 'c',
            env: [
              {
                name: 'A',
                valueFrom: { secretKeyRef: { name: 'db', key: 'password' } },
              },
              {
                name: 'B',
                valueFrom: {
                  secretKeyRef: { name: 'maybe', key: 'x', optional: true },
                },
              },
            ],
            envFrom: [{ secretRef: { name: 'env' } }],
          },
        ],
        volumes: [{ name: 'tls', secret: { secretName: 'tls' } }],
      }),
    ).toEqual(['db', 'env', 'tls']);
  });

  it('checks existence only, and signals a missing Secret', () => {
    const f = requiredSecretsFinding(
      [
        {
          namespace: 'temporal',
          name: 'postgresql-cluster-app',
          neededBy: ['Deployment temporal-server-frontend'],
        },
        {
          namespace: 'temporal',
          name: 'gone',
          neededBy: ['ExternalSecret gone'],
        },
      ],
      [secret],
    );
    expect(f.checks.map(c => [c.id, c.status])).toEqual([
      ['secret:temporal/postgresql-cluster-app', 'ok'],
      ['secret:temporal/gone', 'failed'],
    ]);
    expect(f.signals.map(s => s.id)).toEqual(['secret-missing']);
    expect(
      requiredSecretsFinding(
        [{ namespace: 'a', name: 'b', neededBy: [] }],
        undefined,
      ).checks[0].status,
    ).toBe('unknown');
  });
});
