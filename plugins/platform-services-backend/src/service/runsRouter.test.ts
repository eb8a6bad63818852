import {
  mockCredentials,
  mockErrorHandler,
  mockServices,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { PermissionsService } from '@backstage/backend-plugin-api';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import express from 'express';
import request from 'supertest';
import { KubeOperations } from '../cluster/KubeOperations';
import {
  exampleModel,
  FakeKubeApi,
  fixtureSecretValues,
  SCENARIO_TIME,
} from '../runs/__fixtures__/fakeKubeApi';
import { DatabaseRunStore } from '../runs/DatabaseRunStore';
import { RunbookRunner } from '../runs/RunbookRunner';
import { createRunsRouter } from './runsRouter';

jest.setTimeout(60_000);

/** Steps that read Secrets, allowed and not, next to the seed runbooks. */
const SECRET_STEPS = {
  title: 'Secrets of temporal',
  script: [
    'kubectl get secrets -n temporal',
    'kubectl get secret postgresql-cluster-app -n temporal --show-labels',
    'kubectl describe secret postgresql-cluster-app -n temporal',
    "kubectl get secret postgresql-cluster-app -n temporal -o jsonpath='{.data.password}' | base64 -d",
    'kubectl get secret postgresql-cluster-app -n temporal -o yaml',
    'kubectl describe secrets -n temporal | grep -i password',
  ].join('\n'),
};

const model = exampleModel({ temporal: [SECRET_STEPS] });
const temporal = model.services.get('temporal')!;
const runbookId = (title: string) =>
  temporal.runbooks.find(r => r.title === title)!.id;
const ES = runbookId('ExternalSecret not syncing credentials');
const SECRETS = runbookId(SECRET_STEPS.title);

const jane = mockCredentials.user.header('user:default/jane');

describe('runs router', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

  async function app(
    permissions: PermissionsService = mockServices.permissions(),
  ) {
    const knex = await databases.init('SQLITE_3');
    const store = await DatabaseRunStore.create({
      database: mockServices.database({ knex, migrations: { skip: false } }),
    });
    const api = FakeKubeApi.scenario('externalsecret-not-syncing');
    const operations = new KubeOperations(api, {
      now: () => SCENARIO_TIME,
      pollIntervalMs: 5,
      followTimeoutMs: 50,
    });
    const auditor = mockServices.auditor.mock();
    auditor.createEvent.mockResolvedValue({
      success: jest.fn(),
      fail: jest.fn(),
    });
    const catalog = { model: () => model };
    const runner = new RunbookRunner({
      catalog,
      store,
      permissions,
      auditor,
      clusterFor: environment =>
        environment === 'dev' ? operations : undefined,
      typedConfirmationEnvironments: ['prod', 'production'],
    });
    const server = express();
    server.use(
      await createRunsRouter({
        httpAuth: mockServices.httpAuth(),
        permissions,
        auditor,
        runner,
        store,
        catalog,
      }),
    );
    server.use(mockErrorHandler());
    return { server, store, api, auditor };
  }

  const body = (overrides: Record<string, unknown> = {}) => ({
    runId: 'r1',
    environment: 'dev',
    runbookId: ES,
    stepIndex: 0,
    mode: 'run',
    ...overrides,
  });

  it('runs an allowed diagnostic and serves it back in the history', async () => {
    const { server } = await app();
    const run = await request(server)
      .post('/services/temporal/runs')
      .set('Authorization', jane)
      .send(body());
    expect(run.status).toBe(200);
    expect(run.body).toMatchObject({
      runId: 'r1',
      outcome: 'succeeded',
      actor: 'user:default/jane',
      output: {
        kind: 'table',
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

    const list = await request(server)
      .get('/services/temporal/runs?environment=dev&limit=5')
      .set('Authorization', jane);
    expect(list.status).toBe(200);
    expect(list.body.runs).toEqual([run.body]);
    const one = await request(server)
      .get('/services/temporal/runs/r1')
      .set('Authorization', jane);
    expect(one.body).toEqual(run.body);
    expect(
      (
        await request(server)
          .get('/services/temporal/runs/nope')
          .set('Authorization', jane)
      ).status,
    ).toBe(404);
    expect(
      (
        await request(server)
          .get('/services/redis/runs/r1')
          .set('Authorization', jane)
      ).status,
    ).toBe(404);
    expect(
      (
        await request(server)
          .get('/services/nope/runs')
          .set('Authorization', jane)
      ).status,
    ).toBe(404);
  });

  it('answers 403 and changes nothing when the permission policy denies', async () => {
    const { server, store, api } = await app(
      mockServices.permissions({ result: AuthorizeResult.DENY }),
    );
    const preview = await request(server)
      .post('/services/temporal/runs')
      .set('Authorization', jane)
      .send(body({ stepIndex: 5, mode: 'preview' }));
    expect(preview.status).toBe(403);
    expect(preview.body.error).toMatchObject({
      name: 'NotAllowedError',
      message:
        'user:default/jane may not run actions of temporal (permission platform-services.action.run on component:default/temporal)',
    });
    const diagnostic = await request(server)
      .post('/services/temporal/runs')
      .set('Authorization', jane)
      .send(body({ runId: 'r2' }));
    expect(diagnostic.status).toBe(403);
    expect(api.calls).toEqual([]);
    expect(await store.list({ service: 'temporal', limit: 10 })).toEqual([
      expect.objectContaining({ runId: 'r2', outcome: 'denied' }),
      expect.objectContaining({ runId: 'r1', outcome: 'denied' }),
    ]);
    expect(
      (
        await request(server)
          .get('/services/temporal/runs')
          .set('Authorization', jane)
      ).status,
    ).toBe(403);
    const plans = await request(server)
      .get('/services/temporal/runbooks/plans')
      .set('Authorization', jane);
    expect(plans.status).toBe(200);
    expect(
      plans.body.runbooks
        .flatMap((r: any) => r.steps)
        .some((s: any) => s.allowed),
    ).toBe(false);
  });

  it('refuses bad bodies, naming the field, and unauthenticated callers', async () => {
    const { server } = await app();
    const bad = await request(server)
      .post('/services/temporal/runs')
      .set('Authorization', jane)
      .send(body({ stepIndex: -1 }));
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toBe(
      'Invalid request body: stepIndex must be a whole number from 0, got -1',
    );
    const anonymous = await request(server)
      .post('/services/temporal/runs')
      .set('Authorization', mockCredentials.none.header())
      .send(body());
    expect(anonymous.status).toBe(401);
  });

  it('answers a refused step with its reason and runs nothing', async () => {
    const { server, api, store } = await app();
    const refused = await request(server)
      .post('/services/temporal/runs')
      .set('Authorization', jane)
      .send(body({ runbookId: SECRETS, stepIndex: 3 }));
    expect(refused.status).toBe(400);
    expect(refused.body.error.message).toMatch(
      /^The portal refuses to run step 3 of "Secrets of temporal": .*would reveal the Secret's data/,
    );
    expect(api.calls).toEqual([]);
    expect(await store.get('r1')).toBeUndefined();
  });

  it('serves the plans of every step for the caller', async () => {
    const { server } = await app();
    const res = await request(server)
      .get('/services/temporal/runbooks/plans?environment=dev')
      .set('Authorization', jane);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      environment: 'dev',
      requiresTypedConfirmation: false,
    });
    expect(
      res.body.runbooks.find((r: any) => r.runbookId === ES).steps[5],
    ).toEqual({
      stepIndex: 5,
      class: 'action',
      reason: expect.stringContaining('force-sync'),
      allowed: true,
    });
    const prod = await request(server)
      .get('/services/temporal/runbooks/plans?environment=prod')
      .set('Authorization', jane);
    expect(prod.body.requiresTypedConfirmation).toBe(true);
    expect(prod.body.runbooks[0].steps[0]).toMatchObject({
      allowed: false,
      deniedReason: expect.stringContaining(
        'No cluster is configured for prod',
      ),
    });
    expect(
      (
        await request(server)
          .get('/services/temporal/runbooks/plans?environment=qa')
          .set('Authorization', jane)
      ).status,
    ).toBe(400);
  });

  it('never answers with a Secret value', async () => {
    const { server } = await app();
    const bodies: string[] = [];
    const steps = SECRET_STEPS.script.split('\n');
    for (const [stepIndex] of steps.entries()) {
      const res = await request(server)
        .post('/services/temporal/runs')
        .set('Authorization', jane)
        .send(body({ runId: `s${stepIndex}`, runbookId: SECRETS, stepIndex }));
      bodies.push(res.text);
    }
    bodies.push(
      (
        await request(server)
          .get('/services/temporal/runs')
          .set('Authorization', jane)
      ).text,
    );
    bodies.push(
      (
        await request(server)
          .get('/services/temporal/runbooks/plans')
          .set('Authorization', jane)
      ).text,
    );
    expect(
      bodies
        .slice(0, steps.length)
        .filter(b => b.includes('"outcome":"succeeded"')),
    ).toHaveLength(4);
    for (const text of bodies) {
      for (const value of fixtureSecretValues())
        expect(text).not.toContain(value);
    }
  });
});
