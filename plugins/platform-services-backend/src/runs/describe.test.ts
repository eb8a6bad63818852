import { ResourceType } from '@platform-services/plugin-platform-services-common';
import { loadScenario } from '../health/__fixtures__/loadScenario';
import { fixtureSecretValues, SCENARIO_TIME } from './__fixtures__/fakeKubeApi';
import { describeObject, humanize } from './describe';
import { sanitizeSecret } from './secrets';

const type = (kind: string, group = '', version = 'v1'): ResourceType => ({
  kind,
  group,
  version,
  plural: `${kind.toLowerCase()}s`,
  namespaced: true,
});

function find(
  scenario: string,
  kind: string,
  name: string,
  namespace = 'temporal',
) {
  return loadScenario(scenario).objects.find(
    o =>
      o.kind === kind &&
      o.metadata.name === name &&
      o.metadata.namespace === namespace,
  )!;
}

describe('kubectl describe', () => {
  it('humanises field names as kubectl does', () => {
    expect(
      [
        'lastTransitionTime',
        'podIP',
        'refreshInterval',
        'secretStoreRef',
        'URL',
      ].map(humanize),
    ).toEqual([
      'Last Transition Time',
      'Pod IP',
      'Refresh Interval',
      'Secret Store Ref',
      'URL',
    ]);
  });

  it('describes an ExternalSecret with its status and events', () => {
    const es = find(
      'externalsecret-not-syncing',
      'ExternalSecret',
      'postgresql-cluster-app',
    );
    const text = describeObject(
      type('ExternalSecret', 'external-secrets.io'),
      es,
      [
        {
          type: 'Warning',
          reason: 'UpdateFailed',
          message: 'could not get secret data from provider',
          lastTimestamp: '2026-11-20T09:55:00Z',
          firstTimestamp: '2026-11-20T09:12:40Z',
          count: 12,
          source: { component: 'external-secrets' },
        },
      ],
      SCENARIO_TIME,
    );
    expect(text).toContain('Name:         postgresql-cluster-app');
    expect(text).toContain('Kind:         ExternalSecret');
    expect(text).toMatch(/^Status:$/m);
    expect(text).toMatch(/^ {4}Reason: +SecretSyncedError$/m);
    expect(text).toMatch(/^ {2}Refresh Interval: +1h$/m);
    expect(text).toContain('Events:\n  Type     Reason        Age');
    expect(text).toContain(
      'Warning  UpdateFailed  5m (x12 over 47m)  external-secrets  could not get secret data from provider',
    );
  });

  it('describes a Pod with last state, limits and requests, never env values from Secrets', () => {
    const pod = loadScenario('history-oomkilled').objects.find(
      o =>
        o.kind === 'Pod' &&
        o.metadata.name.startsWith('temporal-server-history'),
    )!;
    const text = describeObject(type('Pod'), pod, [], SCENARIO_TIME);
    expect(text).toMatch(/Last State: +Terminated\n +Reason: +OOMKilled/);
    expect(text).toMatch(/Limits:\n +cpu: +1000m\n +memory: +1Gi/);
    expect(text).toContain('Events:  <none>');
    const schemaPod = loadScenario('schema-migration-failed').objects.find(
      o =>
        o.kind === 'Pod' &&
        o.metadata.name === 'temporal-server-schema-4-8k2dq',
    )!;
    expect(
      describeObject(type('Pod'), schemaPod, undefined, SCENARIO_TIME),
    ).toMatch(
      /SQL_PASSWORD: +<set to the key 'password' in secret 'postgresql-cluster-app'>/,
    );
  });

  it('describes a Secret by its keys and sizes, without values or the last-applied copy', () => {
    const raw = find('healthy', 'Secret', 'postgresql-cluster-app');
    const withCopy = {
      ...raw,
      metadata: {
        ...raw.metadata,
        annotations: {
          ...raw.metadata.annotations,
          'kubectl.kubernetes.io/last-applied-configuration':
            JSON.stringify(raw),
        },
      },
    };
    const { secret } = sanitizeSecret(withCopy);
    const text = describeObject(
      type('Secret'),
      secret,
      undefined,
      SCENARIO_TIME,
    );
    expect(text).toContain('Type:  Opaque');
    expect(text).toMatch(
      /Data\n====\nhost: +24 bytes\npassword: +28 bytes\nusername: +28 bytes/,
    );
    expect(text).not.toContain('last-applied');
    for (const value of fixtureSecretValues())
      expect(text).not.toContain(value);
  });
});
