/**
 * The runs routes as the page calls them, over a real database and a cluster
 * identity of the local stack: what the integration tests of runbook runs
 * drive.
 */
import {
  mockCredentials,
  mockErrorHandler,
  mockServices,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { PermissionsService } from '@backstage/backend-plugin-api';
import {
  ResourceType,
  RunRecord,
  ServiceModel,
} from '@platform-services/plugin-platform-services-common';
import express from 'express';
import request from 'supertest';
import {
  KubeObject,
  KubeOperations,
  KubeOperationsOptions,
} from '../cluster/KubeOperations';
import { makeKubeConfig } from '../cluster/kubernetes';
import { createRunsRouter } from '../service/runsRouter';
import { exampleModel } from '../runs/__fixtures__/fakeKubeApi';
import { DatabaseRunStore } from '../runs/DatabaseRunStore';
import { RunbookRunner } from '../runs/RunbookRunner';

/**
 * The example catalog with `extra` runbooks on service temporal, and the id
 * of a temporal runbook by its title.
 */
export function temporalModel(extra: Array<{ title: string; script: string }>) {
  const model = exampleModel({ temporal: extra });
  const temporal = model.services.get('temporal')!;
  const runbookId = (title: string) =>
    temporal.runbooks.find(r => r.title === title)!.id;
  return { model, runbookId };
}

/** A namespaced kind, as the operations address it. */
export const namespacedType = (
  kind: string,
  group: string,
  version: string,
  plural: string,
): ResourceType => ({ kind, group, version, plural, namespaced: true });

/** The signed-in user of these tests. */
export const jane = mockCredentials.user.header('user:default/jane');

/** A KubeConfig for one of the stack's kubeconfig files, as the backend reads it. */
export const stackKubeConfig = (path: string) =>
  makeKubeConfig('local', { kind: 'kubeconfig', path });

/**
 * The runs router for `model`, its `dev` environment on the cluster identity
 * of `kubeconfigPath`; `post` starts a run of service temporal (mode `run`
 * unless given), `get` reads a route. Every answer body is kept in `bodies`.
 */
export async function runsApp(options: {
  databases: TestDatabases;
  model: ServiceModel;
  kubeconfigPath: string;
  operations?: KubeOperationsOptions;
  permissions?: PermissionsService;
  clusterScopedObjects?: () => KubeObject[];
  bodies?: string[];
}) {
  const knex = await options.databases.init('SQLITE_3');
  const store = await DatabaseRunStore.create({
    database: mockServices.database({ knex, migrations: { skip: false } }),
  });
  const operations = KubeOperations.fromKubeConfig(
    stackKubeConfig(options.kubeconfigPath),
    options.operations ?? {},
  );
  const permissions = options.permissions ?? mockServices.permissions();
  const auditor = mockServices.auditor.mock();
  const event = { success: jest.fn(), fail: jest.fn() };
  auditor.createEvent.mockResolvedValue(event);
  const catalog = { model: () => options.model };
  const runner = new RunbookRunner({
    catalog,
    store,
    permissions,
    auditor,
    clusterFor: environment => (environment === 'dev' ? operations : undefined),
    clusterScopedObjects: () => (options.clusterScopedObjects?.() ?? []) as any,
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
  const bodies = options.bodies ?? [];
  const post = async (body: Record<string, unknown>) => {
    const res = await request(server)
      .post('/services/temporal/runs')
      .set('Authorization', jane)
      .send({ environment: 'dev', mode: 'run', ...body });
    bodies.push(res.text);
    return res;
  };
  const get = async (path: string) => {
    const res = await request(server).get(path).set('Authorization', jane);
    bodies.push(res.text);
    return res;
  };
  return { server, store, event, post, get };
}

/**
 * Runs a step as the page does: a preview (a server-side dry run), then the
 * run with its confirmation; both must succeed.
 */
export async function previewThenRun(
  post: Awaited<ReturnType<typeof runsApp>>['post'],
  runId: string,
  runbookId: string,
  stepIndex: number,
) {
  const preview = await post({ runId, runbookId, stepIndex, mode: 'preview' });
  expect(preview.body.outcome).toBe('previewed');
  const done = await post({
    runId,
    runbookId,
    stepIndex,
    confirmation: 'run',
  });
  expect(done.body).toMatchObject({ outcome: 'succeeded' });
  return { preview: preview.body, done: done.body as RunRecord };
}
