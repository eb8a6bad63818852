/**
 * Runbook actions with real outcomes: the local stack with its controllers
 * (kube-controller-manager, kube-scheduler, kwok's simulated nodes), driven
 * through the HTTP routes the page calls. A rollout restart makes new pods
 * that become Ready; deleting the failed schema Jobs removes their pods too;
 * Flux's kustomize-controller handles a reconcile asked for from the page,
 * applies a new commit of the stack's Git repository, and stops and resumes
 * with suspend and resume.
 */
import { TestDatabases } from '@backstage/backend-test-utils';
import { startStack, Stack } from '@platform-services/stack';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eventually } from '../__testUtils__/eventually';
import {
  namespacedType,
  previewThenRun,
  runsApp,
  stackKubeConfig,
  temporalModel,
} from '../__testUtils__/runsApp';
import { KubeApi, KubeObject, makeKubeApi } from '../cluster/KubeOperations';

jest.setTimeout(300_000);

const EXTRA = [
  {
    title: 'Restart history',
    script:
      'kubectl rollout restart deployment/temporal-server-history -n temporal',
  },
  {
    title: 'Flux Kustomization',
    script: [
      'flux reconcile kustomization temporal -n flux-system --with-source',
      'flux suspend kustomization temporal -n flux-system',
      'flux resume kustomization temporal -n flux-system',
    ].join('\n'),
  },
];
const { model, runbookId } = temporalModel(EXTRA);
const RESTART = runbookId('Restart history');
const SCHEMA = runbookId('Schema migration job fails on upgrade');
const FLUX = runbookId('Flux Kustomization');

const namespaced = (kind: string, group: string, plural: string) =>
  namespacedType(kind, group, 'v1', plural);
const POD = namespaced('Pod', '', 'pods');
const JOB = namespaced('Job', 'batch', 'jobs');
const REPLICA_SET = namespaced('ReplicaSet', 'apps', 'replicasets');
const CONFIG_MAP = namespaced('ConfigMap', '', 'configmaps');
const KUSTOMIZATION = namespaced(
  'Kustomization',
  'kustomize.toolkit.fluxcd.io',
  'kustomizations',
);
const GIT_REPOSITORY = namespaced(
  'GitRepository',
  'source.toolkit.fluxcd.io',
  'gitrepositories',
);

/** Adds a ConfigMap to the temporal Kustomization's folder of the stack's Git repository. */
function withNotes(note: string) {
  return (files: Map<string, string>) => {
    const folder = 'apps/base/temporal';
    const file = 'configmap-temporal-release-notes.yaml';
    files.set(
      `${folder}/${file}`,
      [
        'apiVersion: v1',
        'kind: ConfigMap',
        'metadata:',
        '  name: release-notes',
        '  namespace: temporal',
        'data:',
        `  note: ${JSON.stringify(note)}`,
        '',
      ].join('\n'),
    );
    const kustomization = files.get(`${folder}/kustomization.yaml`)!;
    if (!kustomization.includes(file)) {
      files.set(
        `${folder}/kustomization.yaml`,
        kustomization.replace('resources:\n', `resources:\n  - ${file}\n`),
      );
    }
  };
}

const isReady = (pod: KubeObject) =>
  pod.status?.conditions?.some(
    (c: { type: string; status: string }) =>
      c.type === 'Ready' && c.status === 'True',
  ) ?? false;
const names = (objects: KubeObject[]) =>
  objects.map(o => o.metadata!.name!).sort();

describe('runbook actions on the reconciling stack', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3'] });
  const dir = mkdtempSync(join(tmpdir(), 'ps-reconcile-'));
  let stack: Stack;
  let admin: KubeApi;
  let post: Awaited<ReturnType<typeof runsApp>>['post'];

  const run = (runId: string, runbook: string, stepIndex: number) =>
    previewThenRun(post, runId, runbook, stepIndex);

  beforeAll(async () => {
    stack = await startStack({ dir, scenario: 'healthy', temporal: false });
    admin = makeKubeApi(stackKubeConfig(stack.adminKubeconfigPath));
    ({ post } = await runsApp({
      databases,
      model,
      kubeconfigPath: stack.operatorKubeconfigPath,
      operations: { pollIntervalMs: 200, followTimeoutMs: 10_000 },
    }));
  }, 40 * 60_000);

  afterAll(async () => {
    await stack?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const kustomization = async () =>
    (await admin.get(KUSTOMIZATION, 'flux-system', 'temporal'))!;
  const notes = () => admin.get(CONFIG_MAP, 'temporal', 'release-notes');

  const historyPods = () =>
    admin.list(POD, 'temporal', {
      labelSelector: 'app.kubernetes.io/component=history',
    });

  it('runs the cluster: every workload pod scheduled on a simulated node, Running and Ready', async () => {
    const pods = await admin.list(POD, 'temporal', {
      labelSelector: 'app.kubernetes.io/instance=temporal-server',
    });
    const serving = pods.filter(
      p => p.metadata?.labels?.['app.kubernetes.io/component'] !== 'schema',
    );
    expect(serving).toHaveLength(9);
    for (const pod of serving) {
      expect([pod.metadata!.name, pod.spec!.nodeName]).toEqual([
        pod.metadata!.name,
        expect.stringMatching(/^kwok-node-\d$/),
      ]);
      expect([pod.metadata!.name, isReady(pod)]).toEqual([
        pod.metadata!.name,
        true,
      ]);
      // Made by a ReplicaSet, not written by the stack.
      expect(pod.metadata!.ownerReferences?.[0]?.kind).toBe('ReplicaSet');
    }
    // The completed schema Job ran its pod to completion.
    const schema = pods.filter(
      p => p.metadata?.labels?.['job-name'] === 'temporal-server-schema-3',
    );
    expect(schema.map(p => p.status?.phase)).toEqual(['Succeeded']);
  });

  it('restarts a Deployment from the page: new pods replace the old ones and become Ready', async () => {
    const before = names(await historyPods());
    expect(before).toHaveLength(2);
    const replicaSetsBefore = names(
      await admin.list(REPLICA_SET, 'temporal', {
        labelSelector: 'app.kubernetes.io/component=history',
      }),
    );

    const { done } = await run('r1', RESTART, 0);
    expect(done.progress.at(-1)!.message).toContain('restarts');

    const after = await eventually(
      async () => {
        const pods = await historyPods();
        const current = pods.filter(p => !p.metadata?.deletionTimestamp);
        expect(current).toHaveLength(2);
        expect(names(current).filter(n => before.includes(n))).toEqual([]);
        expect(current.every(isReady)).toBe(true);
        return current;
      },
      120_000,
      500,
    );
    // A new ReplicaSet of the new template owns them.
    const replicaSets = names(
      await admin.list(REPLICA_SET, 'temporal', {
        labelSelector: 'app.kubernetes.io/component=history',
      }),
    );
    const created = replicaSets.filter(n => !replicaSetsBefore.includes(n));
    expect(created).toHaveLength(1);
    expect(
      after.every(p => p.metadata!.ownerReferences?.[0]?.name === created[0]),
    ).toBe(true);
  });

  it("has Flux reconcile the platform from the stack's Git repository", async () => {
    const source = (await admin.get(
      GIT_REPOSITORY,
      'flux-system',
      'flux-system',
    ))!;
    expect(source.spec!.url).toBe(stack.gitUrl);
    const revision = source.status!.artifact.revision;
    expect(revision).toMatch(/^main@sha1:[0-9a-f]{40}$/);
    const all = await admin.list(KUSTOMIZATION, 'flux-system');
    expect(all.length).toBeGreaterThan(10);
    for (const k of all) {
      const ready = k.status?.conditions?.find(
        (c: { type: string }) => c.type === 'Ready',
      );
      expect([
        k.metadata!.name,
        ready?.status,
        k.status?.lastAppliedRevision,
      ]).toEqual([k.metadata!.name, 'True', revision]);
    }
  });

  it('has a reconcile requested from the page handled by kustomize-controller, which applies the new commit', async () => {
    const before = await kustomization();
    const revision = await stack.commitToGit(
      'temporal: release notes',
      withNotes('first'),
    );
    expect(revision).not.toBe(before.status!.lastAppliedRevision);

    const { done } = await run('k1', FLUX, 0);
    expect(done.progress.at(-1)!.message).toContain(
      'The controller handled the request for Kustomization flux-system/temporal',
    );
    const after = await eventually(
      async () => {
        const k = await kustomization();
        // The request the page made (its annotation) is the one handled.
        expect(k.status!.lastHandledReconcileAt).toBe(
          k.metadata!.annotations!['reconcile.fluxcd.io/requestedAt'],
        );
        expect(k.status!.lastAppliedRevision).toBe(revision);
        return k;
      },
      90_000,
      500,
    );
    expect(after.status!.lastHandledReconcileAt).not.toBe(
      before.status!.lastHandledReconcileAt,
    );
    // What the commit added is in the cluster, applied by kustomize-controller.
    const applied = (await notes())!;
    expect(applied.data).toEqual({ note: 'first' });
    expect(applied.metadata!.labels).toMatchObject({
      'kustomize.toolkit.fluxcd.io/name': 'temporal',
    });
  });

  it('stops applying new commits while suspended from the page, and applies them once resumed', async () => {
    const applied = (await kustomization()).status!.lastAppliedRevision;
    await run('k2', FLUX, 1);
    expect((await kustomization()).spec!.suspend).toBe(true);

    const revision = await stack.commitToGit(
      'temporal: new notes',
      withNotes('second'),
    );
    // Flux fetches the commit and applies it everywhere else: the postgresql-cluster
    // Kustomization follows the same source.
    await admin.patch(
      GIT_REPOSITORY,
      'flux-system',
      'flux-system',
      {
        metadata: {
          annotations: {
            'reconcile.fluxcd.io/requestedAt': new Date().toISOString(),
          },
        },
      },
      { dryRun: false },
    );
    await eventually(
      async () => {
        const other = (await admin.get(
          KUSTOMIZATION,
          'flux-system',
          'postgresql-cluster',
        ))!;
        expect(other.status!.lastAppliedRevision).toBe(revision);
      },
      90_000,
      500,
    );
    expect((await kustomization()).status!.lastAppliedRevision).toBe(applied);
    expect((await notes())!.data).toEqual({ note: 'first' });

    const { done } = await run('k3', FLUX, 2);
    expect(done.progress.at(-1)!.message).toContain('is resumed');
    await eventually(
      async () => {
        expect((await kustomization()).status!.lastAppliedRevision).toBe(
          revision,
        );
        expect((await notes())!.data).toEqual({ note: 'second' });
      },
      90_000,
      500,
    );
  });
  it('deletes the failed schema Jobs from the page, and the garbage collector removes their pods', async () => {
    await stack.applyScenario('schema-migration-failed');
    const jobPods = () =>
      admin.list(POD, 'temporal', {
        labelSelector: 'app.kubernetes.io/component=schema',
      });
    // The Job controller ran the Job; kwok failed its pod the way the scenario says.
    const failed = (await jobPods()).filter(
      p => p.metadata?.labels?.['job-name'] === 'temporal-server-schema-4',
    );
    expect(failed).toHaveLength(1);
    expect(failed[0].status?.phase).toBe('Failed');
    const init = failed[0].status!.initContainerStatuses.find(
      (c: { name: string }) => c.name === 'update-default-store',
    );
    expect(init.state.terminated.message).toContain(
      'pq: relation \\"namespace_metadata\\" already exists',
    );
    const job = await admin.get(JOB, 'temporal', 'temporal-server-schema-4');
    expect(job!.status!.conditions).toContainEqual(
      expect.objectContaining({
        type: 'Failed',
        status: 'True',
        reason: 'BackoffLimitExceeded',
      }),
    );

    const { preview, done } = await run('j1', SCHEMA, 6);
    expect(preview.preview.deletes).toEqual(
      expect.arrayContaining(
        names(await jobPods()).map(name => ({
          apiVersion: 'v1',
          kind: 'Pod',
          namespace: 'temporal',
          name,
        })),
      ),
    );
    expect(done.progress.at(-1)!.message).toMatch(/^The Jobs are gone/);
    expect(
      await admin.list(JOB, 'temporal', {
        labelSelector: 'app.kubernetes.io/component=schema',
      }),
    ).toEqual([]);
    await eventually(
      async () => expect(await jobPods()).toEqual([]),
      60_000,
      500,
    );
  });
});
