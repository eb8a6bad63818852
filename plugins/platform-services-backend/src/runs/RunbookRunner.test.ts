import {
  mockCredentials,
  mockServices,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { ServiceModel } from '@platform-services/plugin-platform-services-common';
import { KubeOperations } from '../cluster/KubeOperations';
import {
  exampleModel,
  FakeKubeApi,
  FakeKubeApiOptions,
  SCENARIO_TIME,
} from './__fixtures__/fakeKubeApi';
import { DatabaseRunStore } from './DatabaseRunStore';
import { RunbookRunner } from './RunbookRunner';

jest.setTimeout(60_000);

const model = exampleModel();
const temporal = model.services.get('temporal')!;
const runbookId = (title: string) =>
  temporal.runbooks.find(r => r.title === title)!.id;
const ES = runbookId('ExternalSecret not syncing credentials');
const SCHEMA = runbookId('Schema migration job fails on upgrade');
const PG = runbookId('Frontend pods unable to connect to PostgreSQL');

const user = mockCredentials.user('user:default/jane');

type Decision = AuthorizeResult.ALLOW | AuthorizeResult.DENY;

describe('RunbookRunner', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

  async function setup(
    options: {
      scenario?: string;
      api?: FakeKubeApiOptions;
      diagnostic?: Decision;
      action?: Decision;
      model?: ServiceModel;
      clusters?: string[];
    } = {},
  ) {
    const knex = await databases.init('SQLITE_3');
    const store = await DatabaseRunStore.create({
      database: mockServices.database({ knex, migrations: { skip: false } }),
    });
    const api = FakeKubeApi.scenario(
      options.scenario ?? 'externalsecret-not-syncing',
      options.api,
    );
    const operations = new KubeOperations(api, {
      now: () => SCENARIO_TIME,
      pollIntervalMs: 5,
      followTimeoutMs: 50,
      reconcileWaitMs: 50,
    });
    const permissions = mockServices.permissions.mock();
    permissions.authorize.mockImplementation(async requests =>
      requests.map(r => ({
        result:
          r.permission.name === 'platform-services.action.run'
            ? options.action ?? AuthorizeResult.ALLOW
            : options.diagnostic ?? AuthorizeResult.ALLOW,
      })),
    );
    const auditor = mockServices.auditor.mock();
    const event = { success: jest.fn(), fail: jest.fn() };
    auditor.createEvent.mockResolvedValue(event);
    const clusters = options.clusters ?? ['dev', 'prod'];
    const runner = new RunbookRunner({
      catalog: { model: () => options.model ?? model },
      store,
      permissions,
      auditor,
      clusterFor: environment =>
        clusters.includes(environment) ? operations : undefined,
      clusterScopedObjects: () =>
        api.objects.filter(o => o.kind === 'ClusterSecretStore') as any,
      typedConfirmationEnvironments: ['prod', 'production'],
    });
    const submit = (
      request: Record<string, unknown>,
      credentials: BackstageCredentials = user,
    ) =>
      runner.submit({
        service: 'temporal',
        credentials,
        request: {
          runId: 'r1',
          environment: 'dev',
          mode: 'run',
          ...request,
        } as any,
      });
    return {
      runner,
      store,
      api,
      permissions,
      auditor,
      event,
      submit,
      operations,
    };
  }

  it('runs a diagnostic once per run id and stores it with the actor', async () => {
    const { submit, store, auditor, event, operations } = await setup();
    const diagnose = jest.spyOn(operations, 'diagnose');
    const [a, b] = await Promise.all([
      submit({ runbookId: ES, stepIndex: 0 }),
      submit({ runbookId: ES, stepIndex: 0 }),
    ]);
    const c = await submit({ runbookId: ES, stepIndex: 0 });
    expect(diagnose).toHaveBeenCalledTimes(1);
    const stored = (await store.get('r1'))!;
    expect(stored).toMatchObject({
      outcome: 'succeeded',
      actor: 'user:default/jane',
      stepClass: 'diagnostic',
      output: {
        kind: 'table',
        columns: [
          'NAME',
          'STORETYPE',
          'STORE',
          'REFRESH INTERVAL',
          'STATUS',
          'READY',
        ],
        rows: [
          [
            'postgresql-cluster-app',
            'ClusterSecretStore',
            'localstack-secretstore',
            '1h',
            'SecretSyncedError',
            'False',
          ],
        ],
      },
    });
    expect(c).toEqual(stored);
    expect([a.runId, b.runId]).toEqual(['r1', 'r1']);
    expect(auditor.createEvent).toHaveBeenCalledWith({
      eventId: 'runbook-step',
      severityLevel: 'low',
      request: undefined,
      meta: {
        service: 'temporal',
        environment: 'dev',
        runbookId: ES,
        stepIndex: 0,
        stepClass: 'diagnostic',
        mode: 'run',
        runId: 'r1',
        actor: 'user:default/jane',
      },
    });
    expect(event.success).toHaveBeenCalledWith({
      meta: { outcome: 'succeeded' },
    });
  });

  it('reads ClusterSecretStores its upstream owns, found in the cluster', async () => {
    const { submit } = await setup();
    const record = await submit({ runbookId: ES, stepIndex: 2 });
    expect(record.outcome).toBe('succeeded');
    expect(JSON.stringify(record.output)).toContain('store validated');
  });

  it('previews an action, then carries it out once with the confirmation', async () => {
    const { submit, api, store, auditor } = await setup();
    const es = () =>
      api.objects.find(
        o =>
          o.kind === 'ExternalSecret' && o.metadata?.namespace === 'temporal',
      )!;
    const force = { runbookId: ES, stepIndex: 5 };

    await expect(
      submit({ ...force, mode: 'run', confirmation: 'run' }),
    ).rejects.toThrow(
      'Preview step 5 of "ExternalSecret not syncing credentials" first',
    );
    const preview = await submit({ ...force, mode: 'preview' });
    expect(preview).toMatchObject({
      outcome: 'previewed',
      stepClass: 'action',
      preview: {
        summary:
          'Set the annotation force-sync=1795168800 on ExternalSecret temporal/postgresql-cluster-app',
        confirmation: 'run',
        patches: [
          {
            patch: {
              metadata: { annotations: { 'force-sync': '1795168800' } },
            },
          },
        ],
      },
    });
    expect(es().metadata!.annotations).toBeUndefined();
    expect(auditor.createEvent).toHaveBeenLastCalledWith(
      expect.objectContaining({ severityLevel: 'medium' }),
    );

    await expect(
      submit({ ...force, confirmation: 'temporal' }),
    ).rejects.toThrow(
      'The confirmation does not match: type "run" to run this action in dev',
    );
    const runs = await Promise.all([
      submit({ ...force, confirmation: 'run' }),
      submit({ ...force, confirmation: 'run' }),
    ]);
    const again = await submit({ ...force, confirmation: 'run' });
    expect(api.calls.filter(c => !c.dryRun)).toHaveLength(1);
    expect(es().metadata!.annotations).toEqual({ 'force-sync': '1795168800' });
    const stored = (await store.get('r1'))!;
    expect(stored).toMatchObject({
      outcome: 'succeeded',
      actor: 'user:default/jane',
    });
    expect(stored.progress.map(p => p.message)).toEqual([
      'Dry run requested by user:default/jane',
      'The API server accepted the dry run: Set the annotation force-sync=1795168800 on ExternalSecret temporal/postgresql-cluster-app',
      'Confirmed by user:default/jane',
      'Patched ExternalSecret temporal/postgresql-cluster-app: force-sync=1795168800',
      'ExternalSecret temporal/postgresql-cluster-app has force-sync=1795168800; External Secrets syncs it on its next reconcile',
    ]);
    expect(again).toEqual(stored);
    expect(runs.map(r => r.outcome).sort()).toEqual(
      expect.arrayContaining(['succeeded']),
    );
  });

  it('needs the service name typed in production', async () => {
    const { submit, api } = await setup({
      scenario: 'schema-migration-failed',
    });
    const suspend = { runbookId: SCHEMA, stepIndex: 5, environment: 'prod' };
    const preview = await submit({ ...suspend, mode: 'preview' });
    expect(preview.preview?.confirmation).toBe('temporal');
    await expect(submit({ ...suspend, confirmation: 'run' })).rejects.toThrow(
      'type "temporal"',
    );
    expect(
      await submit({ ...suspend, confirmation: 'temporal' }),
    ).toMatchObject({ outcome: 'succeeded' });
    expect(
      api.objects.find(
        o => o.kind === 'HelmRelease' && o.metadata?.name === 'temporal-server',
      )!.spec.suspend,
    ).toBe(true);
  });

  it('records a denied run, audits it and changes nothing', async () => {
    const { submit, store, api, event } = await setup({
      action: AuthorizeResult.DENY,
    });
    await expect(
      submit({ runbookId: ES, stepIndex: 5, mode: 'preview' }),
    ).rejects.toThrow(
      'user:default/jane may not run actions of temporal (permission platform-services.action.run on component:default/temporal)',
    );
    expect(await store.get('r1')).toMatchObject({
      outcome: 'denied',
      actor: 'user:default/jane',
    });
    expect(api.calls).toEqual([]);
    expect(event.fail).toHaveBeenCalled();
    // Diagnostics are still allowed.
    expect(
      await submit({ runId: 'r2', runbookId: ES, stepIndex: 0 }),
    ).toMatchObject({ outcome: 'succeeded' });
  });

  it('refuses manual and refused steps with the reason, and runs nothing', async () => {
    const { submit, store, event } = await setup();
    await expect(submit({ runbookId: ES, stepIndex: 4 })).rejects.toThrow(
      'The portal does not run step 4 of "ExternalSecret not syncing credentials"; it is shown for you to run: `kubectl exec` runs `awslocal` inside a container',
    );
    await expect(submit({ runbookId: PG, stepIndex: 1 })).rejects.toThrow(
      /The portal refuses to run step 1 of "Frontend pods unable to connect to PostgreSQL": .*would reveal the Secret's data/,
    );
    expect(await store.get('r1')).toBeUndefined();
    expect(event.fail).toHaveBeenCalledTimes(2);
  });

  it('records an RBAC refusal by the cluster as a failed run', async () => {
    const { submit, store, event } = await setup({
      api: { forbid: { patch: '*' } },
    });
    const record = await submit({
      runbookId: ES,
      stepIndex: 5,
      mode: 'preview',
    });
    expect(record).toMatchObject({
      outcome: 'failed',
      error:
        'the cluster identity may not patch externalsecrets in temporal (403)',
    });
    expect(await store.get('r1')).toMatchObject({ outcome: 'failed' });
    expect(event.fail).toHaveBeenCalledWith({
      error: new Error(
        'the cluster identity may not patch externalsecrets in temporal (403)',
      ),
      meta: { outcome: 'failed' },
    });
    // The same run id never runs: it answers with the failed record.
    expect(
      await submit({ runbookId: ES, stepIndex: 5, confirmation: 'run' }),
    ).toMatchObject({ outcome: 'failed' });
  });

  it('checks names, environments, modes and run ids', async () => {
    const { submit, runner } = await setup({ clusters: ['dev'] });
    await expect(submit({ runbookId: 'nope', stepIndex: 0 })).rejects.toThrow(
      'temporal has no runbook "nope"',
    );
    await expect(submit({ runbookId: ES, stepIndex: 99 })).rejects.toThrow(
      'has no step 99',
    );
    await expect(
      submit({ runbookId: ES, stepIndex: 0, environment: 'qa' }),
    ).rejects.toThrow(
      'Invalid environment: expected one of dev, prod, got "qa"',
    );
    await expect(
      submit({ runbookId: ES, stepIndex: 0, environment: 'prod' }),
    ).rejects.toThrow('No cluster is configured for environment prod');
    await expect(
      submit({ runbookId: ES, stepIndex: 0, mode: 'preview' }),
    ).rejects.toThrow('has no preview');
    await submit({ runbookId: ES, stepIndex: 0 });
    await expect(submit({ runbookId: ES, stepIndex: 1 })).rejects.toThrow(
      'Run id r1 is already used for another step',
    );
    await expect(
      runner.submit({
        service: 'nope',
        credentials: user,
        request: {
          runId: 'x',
          environment: 'dev',
          runbookId: ES,
          stepIndex: 0,
          mode: 'run',
        },
      }),
    ).rejects.toThrow('No service named "nope"');
  });

  it('records services by their subject', async () => {
    const { submit } = await setup();
    const record = await submit(
      { runbookId: ES, stepIndex: 0 },
      mockCredentials.service('plugin:scaffolder'),
    );
    expect(record.actor).toBe('service:plugin:scaffolder');
  });

  it('tells the page what the caller may run of every step', async () => {
    const { runner, permissions } = await setup({
      action: AuthorizeResult.DENY,
    });
    const plans = await runner.plans('temporal', 'prod', user);
    expect(permissions.authorize).toHaveBeenCalledTimes(1);
    expect(plans.environment).toBe('prod');
    expect(plans.requiresTypedConfirmation).toBe(true);
    const es = plans.runbooks.find(r => r.runbookId === ES)!;
    expect(es.steps.map(s => [s.class, s.allowed])).toEqual([
      ['diagnostic', true],
      ['diagnostic', true],
      ['diagnostic', true],
      ['diagnostic', true],
      ['manual', false],
      ['action', false],
    ]);
    expect(es.steps[5].deniedReason).toBe(
      'You may not run actions of temporal (platform-services.action.run)',
    );
    const dev = await runner.plans('temporal', undefined, user);
    expect(dev).toMatchObject({
      environment: 'dev',
      requiresTypedConfirmation: false,
    });
  });
});
