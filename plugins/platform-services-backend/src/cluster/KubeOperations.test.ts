/**
 * The operations of the seed runbooks, classified from the steps as written,
 * run against the example scenarios held by an in-memory API.
 */
import { ApiException } from '@kubernetes/client-node';
import {
  ResourceType,
  RunOutput,
} from '@platform-services/plugin-platform-services-common';
import { classifyStep, StepPlan } from '../runbooks/classifyStep';
import { runbookContextFor } from '../runbooks/context';
import {
  exampleModel,
  FakeKubeApi,
  fixtureSecretValues,
  SCENARIO_TIME,
} from '../runs/__fixtures__/fakeKubeApi';
import {
  FLUX_ANNOTATIONS,
  KubeOperations,
  kubeError,
  METRICS_NOT_AVAILABLE,
  RESTARTED_AT,
} from './KubeOperations';

const model = exampleModel();
const context = runbookContextFor([...model.services.values()], 'temporal', {
  'external-secrets-config': [
    { kind: 'ClusterSecretStore', name: 'localstack-secretstore' },
  ],
});

function plan(command: string): StepPlan {
  return classifyStep(command, context);
}

function diagnostic(command: string) {
  const p = plan(command);
  if (p.class !== 'diagnostic')
    throw new Error(`expected a diagnostic, got ${p.class}: ${p.reason}`);
  return p.operation;
}

function action(command: string) {
  const p = plan(command);
  if (p.class !== 'action')
    throw new Error(`expected an action, got ${p.class}: ${p.reason}`);
  return p.operation;
}

function ops(api: FakeKubeApi, now = SCENARIO_TIME) {
  return new KubeOperations(api, {
    now: () => now,
    pollIntervalMs: 5,
    followTimeoutMs: 50,
    reconcileWaitMs: 50,
  });
}

const text = (output: RunOutput) =>
  output.kind === 'text' || output.kind === 'yaml' ? output.text : '';

describe('diagnostics', () => {
  it('reads the ExternalSecret conditions with JSONPath, through jq', async () => {
    const api = FakeKubeApi.scenario('externalsecret-not-syncing');
    const output = await ops(api).diagnose(
      diagnostic(
        "kubectl get externalsecret postgresql-cluster-app -n temporal -o jsonpath='{.status.conditions[*]}' | jq .",
      ),
    );
    expect(JSON.parse(text(output))).toMatchObject({
      type: 'Ready',
      status: 'False',
      reason: 'SecretSyncedError',
      message: 'could not get secret data from provider',
    });
  });

  it('reads the HelmRelease messages of the schema scenario', async () => {
    const api = FakeKubeApi.scenario('schema-migration-failed');
    const output = await ops(api).diagnose(
      diagnostic(
        "kubectl get helmrelease temporal-server -n flux-system -o jsonpath='{.status.conditions[*].message}'",
      ),
    );
    expect(text(output)).toMatch(/Failed to upgrade after \d+ attempt/);
  });

  it('lists Jobs sorted by creation, as a table', async () => {
    const api = FakeKubeApi.scenario('schema-migration-failed');
    api.objects.find(
      o => o.metadata?.name === 'temporal-server-schema-4',
    )!.metadata!.creationTimestamp = '2026-11-20T09:00:00Z';
    api.objects.find(
      o => o.kind === 'Job' && o.metadata?.name === 'temporal-server-schema-3',
    )!.metadata!.creationTimestamp = '2026-11-18T08:00:00Z';
    const output = await ops(api).diagnose(
      diagnostic(
        'kubectl get jobs -n temporal -l app.kubernetes.io/component=schema --sort-by=.metadata.creationTimestamp',
      ),
    );
    expect(output).toMatchObject({
      kind: 'table',
      columns: ['NAME', 'STATUS', 'COMPLETIONS', 'DURATION', 'AGE'],
    });
    expect((output as any).rows.map((r: string[]) => r[0])).toEqual([
      'temporal-server-schema-3',
      'temporal-server-schema-4',
    ]);
  });

  it('reads the newest schema Job’s logs through the nested kubectl get', async () => {
    const api = FakeKubeApi.scenario('schema-migration-failed', {
      logs: {
        'temporal/temporal-server-schema-4-8k2dq/create-default-store':
          'pq: relation "namespace_metadata" already exists\n',
      },
    });
    const pod = api.objects.find(
      o => o.metadata?.name === 'temporal-server-schema-4-8k2dq',
    )!;
    pod.spec.containers = [{ name: 'create-default-store', image: 'x' }];
    const progress: string[] = [];
    const output = await ops(api).diagnose(
      diagnostic(
        "kubectl logs job/$(kubectl get jobs -n temporal -l app.kubernetes.io/component=schema -o jsonpath='{.items[-1].metadata.name}') -n temporal",
      ),
      m => progress.push(m),
    );
    expect(output).toEqual({
      kind: 'log',
      lines: ['pq: relation "namespace_metadata" already exists'],
    });
    expect(progress).toEqual([
      'The nested kubectl get named temporal-server-schema-4',
    ]);
  });

  it('refuses a nested name that is not a single object name', async () => {
    const api = FakeKubeApi.scenario('schema-migration-failed');
    const op = diagnostic(
      "kubectl logs job/$(kubectl get jobs -n temporal -o jsonpath='{.items[*].metadata.name}') -n temporal",
    );
    await expect(ops(api).diagnose(op)).rejects.toThrow(
      'which is not a single object name',
    );
    const none = diagnostic(
      "kubectl logs job/$(kubectl get jobs -n temporal -l app=none -o jsonpath='{.items[-1].metadata.name}') -n temporal",
    );
    await expect(ops(api).diagnose(none)).rejects.toThrow(
      'found nothing to name',
    );
  });

  it('reads logs of every pod of a selector, prefixed, with a default bound', async () => {
    const lines = Array.from({ length: 30 }, (_, i) => `line ${i}`).join('\n');
    const api = FakeKubeApi.scenario('healthy', {
      logs: Object.fromEntries(
        [
          'temporal-server-matching-5f6d7c8b9-m3k9d',
          'temporal-server-matching-5f6d7c8b9-t6p2x',
        ].map(p => [
          `temporal/${p}/temporal-matching`,
          `${lines}\nerror: queue dispatch`,
        ]),
      ),
    });
    const matching = api.objects.filter(
      o =>
        o.kind === 'Pod' &&
        o.metadata?.name?.startsWith('temporal-server-matching'),
    );
    expect(matching.map(p => p.metadata!.name)).toEqual([
      'temporal-server-matching-5f6d7c8b9-m3k9d',
      'temporal-server-matching-5f6d7c8b9-t6p2x',
    ]);
    const output = await new KubeOperations(api, {
      defaultLogLines: 10,
    }).diagnose(
      diagnostic(
        "kubectl logs -n temporal -l app.kubernetes.io/component=matching | grep -i 'error\\|queue\\|dispatch'",
      ),
    );
    expect(output).toEqual({
      kind: 'log',
      lines: [
        '[pod/temporal-server-matching-5f6d7c8b9-m3k9d/temporal-matching] error: queue dispatch',
        '[pod/temporal-server-matching-5f6d7c8b9-t6p2x/temporal-matching] error: queue dispatch',
      ],
      truncated: true,
    });
    const tail = await ops(api).diagnose(
      diagnostic(
        'kubectl logs deployment/temporal-server-matching -n temporal --tail=2',
      ),
    );
    expect(tail).toEqual({
      kind: 'log',
      lines: ['line 29', 'error: queue dispatch'],
    });
  });

  it('answers top without a metrics API with a clear output, and with one as a table', async () => {
    const op = diagnostic(
      'kubectl top pods -n temporal -l app.kubernetes.io/component=history',
    );
    expect(
      await ops(FakeKubeApi.scenario('history-oomkilled')).diagnose(op),
    ).toEqual({
      kind: 'text',
      text: METRICS_NOT_AVAILABLE,
    });
    const api = FakeKubeApi.scenario('history-oomkilled', {
      metrics: [
        {
          metadata: {
            name: 'temporal-server-history-5d9c8b7f6-4vzq8',
            namespace: 'temporal',
          },
          containers: [
            {
              name: 'temporal-history',
              usage: { cpu: '250123456n', memory: '1000000Ki' },
            },
          ],
        },
      ],
    });
    const pod = api.objects.find(
      o =>
        o.kind === 'Pod' &&
        o.metadata?.name?.startsWith('temporal-server-history'),
    )!;
    api.objects.push({
      ...pod,
      metadata: {
        ...pod.metadata,
        name: 'temporal-server-history-5d9c8b7f6-4vzq8',
      },
    });
    expect(await ops(api).diagnose(op)).toEqual({
      kind: 'table',
      columns: ['NAME', 'CPU(cores)', 'MEMORY(bytes)'],
      rows: [['temporal-server-history-5d9c8b7f6-4vzq8', '250m', '977Mi']],
    });
  });

  it('describes with events, and greps the status like the seed step', async () => {
    const api = FakeKubeApi.scenario('externalsecret-not-syncing');
    api.objects.push({
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name: 'es.1', namespace: 'temporal' },
      involvedObject: {
        kind: 'ExternalSecret',
        name: 'postgresql-cluster-app',
        namespace: 'temporal',
      },
      type: 'Warning',
      reason: 'UpdateFailed',
      message: 'could not get secret data from provider',
      lastTimestamp: '2026-11-20T09:55:00Z',
    });
    const output = await ops(api).diagnose(
      diagnostic(
        "kubectl describe externalsecret postgresql-cluster-app -n temporal | grep -A10 'Status:'",
      ),
    );
    expect(text(output)).toMatch(/^Status:\n/);
    expect(text(output)).toContain('SecretSyncedError');
    const full = await ops(api).diagnose(
      diagnostic(
        'kubectl describe externalsecret postgresql-cluster-app -n temporal',
      ),
    );
    expect(text(full)).toContain('Warning  UpdateFailed  5m');
  });

  it('prints -o yaml and -o wide', async () => {
    const api = FakeKubeApi.scenario('healthy');
    const yaml = await ops(api).diagnose(
      diagnostic(
        "kubectl get ingressroute temporal-web -n temporal -o yaml | grep -A10 'routes:'",
      ),
    );
    expect(text(yaml)).toMatch(/^ {2}routes:\n/);
    const wide = await ops(api).diagnose(
      diagnostic(
        'kubectl get pods -n temporal -l app.kubernetes.io/component=history -o wide',
      ),
    );
    expect(wide).toMatchObject({
      kind: 'table',
      columns: expect.arrayContaining(['IP', 'NODE']),
    });
  });

  it('answers flux get with the Flux CLI’s columns', async () => {
    const api = FakeKubeApi.scenario('schema-migration-failed');
    const output = await ops(api).diagnose(
      diagnostic('flux get hr temporal-server -n flux-system'),
    );
    expect(output).toMatchObject({
      kind: 'table',
      columns: ['NAME', 'REVISION', 'SUSPENDED', 'READY', 'MESSAGE'],
      rows: [
        [
          'temporal-server',
          '0.51.0',
          'False',
          'False',
          expect.stringContaining('upgrade'),
        ],
      ],
    });
  });

  it('never shows Secret values, whatever the step reads of Secrets', async () => {
    const api = FakeKubeApi.scenario('healthy', {
      logs: {
        'temporal/temporal-server-frontend-7b9f6d8c4-abcde/temporal-frontend':
          'x',
      },
    });
    const steps = [
      'kubectl get secret postgresql-cluster-app -n temporal',
      'kubectl get secrets -n temporal',
      'kubectl get secrets -n temporal --show-labels',
      'kubectl describe secret postgresql-cluster-app -n temporal',
      "kubectl get secret postgresql-cluster-app -n temporal -o jsonpath='{.metadata.labels}'",
      'kubectl get secrets -n temporal -o jsonpath=\'{range .items[*]}{.metadata.name}{"\\n"}{end}\'',
      'kubectl get secret postgresql-cluster-app -n temporal -o name',
    ];
    const values = fixtureSecretValues();
    for (const step of steps) {
      const output = await ops(api).diagnose(diagnostic(step));
      const json = JSON.stringify(output);
      for (const value of values) expect(json).not.toContain(value);
    }
    const table = await ops(api).diagnose(
      diagnostic('kubectl get secret postgresql-cluster-app -n temporal'),
    );
    expect(table).toEqual({
      kind: 'table',
      columns: ['NAME', 'TYPE', 'DATA', 'AGE'],
      rows: [['postgresql-cluster-app', 'Opaque', '3', '2d1h']],
    });
    const described = await ops(api).diagnose(
      diagnostic('kubectl describe secret postgresql-cluster-app -n temporal'),
    );
    expect(text(described)).toMatch(/password: +28 bytes/);
  });
});

describe('actions', () => {
  it('suspends a HelmRelease: the dry run changes nothing, the run sets spec.suspend', async () => {
    const api = FakeKubeApi.scenario('schema-migration-failed');
    const op = action(
      'flux suspend helmrelease temporal-server -n flux-system',
    );
    const operations = ops(api);
    const hr = () =>
      api.objects.find(
        o => o.kind === 'HelmRelease' && o.metadata?.name === 'temporal-server',
      )!;

    const preview = await operations.preview(op);
    expect(preview).toEqual({
      summary:
        'Set spec.suspend to true on HelmRelease flux-system/temporal-server',
      patches: [
        {
          object: {
            apiVersion: 'helm.toolkit.fluxcd.io/v2',
            kind: 'HelmRelease',
            namespace: 'flux-system',
            name: 'temporal-server',
          },
          contentType: 'application/merge-patch+json',
          patch: { spec: { suspend: true } },
        },
      ],
      deletes: [],
    });
    expect(hr().spec.suspend).toBeUndefined();
    expect(api.calls).toEqual([
      expect.objectContaining({ verb: 'patch', dryRun: true }),
    ]);

    const progress: string[] = [];
    const executed = await operations.execute(op, m => progress.push(m));
    expect(hr().spec.suspend).toBe(true);
    expect(
      await operations.followOutcome(executed, m => progress.push(m)),
    ).toBe(
      'HelmRelease flux-system/temporal-server is suspended: spec.suspend reads back true',
    );
    expect(progress[0]).toBe(
      'Patched HelmRelease flux-system/temporal-server: spec.suspend=true',
    );

    const resume = action(
      'flux resume helmrelease temporal-server -n flux-system',
    );
    await operations.followOutcome(await operations.execute(resume));
    expect(hr().spec.suspend).toBe(false);
  });

  it('asks for a reconcile and waits, within bounds, for the controller', async () => {
    const now = new Date('2026-11-20T10:00:00.123Z');
    const op = action(
      'flux reconcile hr temporal-server -n flux-system --with-source --force',
    );
    const idle = FakeKubeApi.scenario('healthy');
    idle.objects.push({
      apiVersion: 'source.toolkit.fluxcd.io/v1',
      kind: 'HelmChart',
      metadata: {
        name: 'flux-system-temporal-server',
        namespace: 'flux-system',
      },
      spec: { chart: 'temporal' },
    });
    const executed = await ops(idle, now).execute(op);
    expect(executed.calls.map(c => [c.type.kind, c.namespace, c.name])).toEqual(
      [
        ['HelmChart', 'flux-system', 'flux-system-temporal-server'],
        ['HelmRelease', 'flux-system', 'temporal-server'],
      ],
    );
    expect(executed.calls[1]).toMatchObject({
      patch: {
        metadata: {
          annotations: {
            [FLUX_ANNOTATIONS.requestedAt]: '2026-11-20T10:00:00.123Z',
            [FLUX_ANNOTATIONS.forceAt]: '2026-11-20T10:00:00.123Z',
          },
        },
      },
    });
    expect(await ops(idle, now).followOutcome(executed)).toBe(
      'Reconcile of HelmRelease flux-system/temporal-server requested; the controller has not handled it yet (status.lastHandledReconcileAt is not 2026-11-20T10:00:00.123Z)',
    );

    // A controller that handles the request.
    const handled = FakeKubeApi.scenario('healthy', {
      afterPatch: obj => {
        const token = obj.metadata?.annotations?.[FLUX_ANNOTATIONS.requestedAt];
        if (token && obj.kind === 'HelmRelease')
          obj.status = { ...obj.status, lastHandledReconcileAt: token };
      },
    });
    const plain = action('flux reconcile hr temporal-server -n flux-system');
    const operations = ops(handled, now);
    expect(
      await operations.followOutcome(await operations.execute(plain)),
    ).toMatch(
      /^The controller handled the request for HelmRelease flux-system\/temporal-server; Ready=True/,
    );
  });

  it('refuses to reconcile a suspended object, like flux', async () => {
    const api = FakeKubeApi.scenario('healthy');
    api.objects.find(
      o => o.kind === 'HelmRelease' && o.metadata?.name === 'temporal-server',
    )!.spec.suspend = true;
    await expect(
      ops(api).preview(
        action('flux reconcile hr temporal-server -n flux-system'),
      ),
    ).rejects.toThrow('is suspended; resume it before asking for a reconcile');
  });

  it('force-syncs an ExternalSecret with the current Unix time, honouring --overwrite', async () => {
    const api = FakeKubeApi.scenario('externalsecret-not-syncing');
    const op = action(
      'kubectl annotate externalsecret postgresql-cluster-app -n temporal force-sync=$(date +%s) --overwrite',
    );
    const operations = ops(api);
    const preview = await operations.preview(op);
    expect(preview.patches[0].patch).toEqual({
      metadata: { annotations: { 'force-sync': '1795168800' } },
    });
    const es = () =>
      api.objects.find(
        o =>
          o.kind === 'ExternalSecret' && o.metadata?.namespace === 'temporal',
      )!;
    expect(es().metadata!.annotations).toBeUndefined();
    expect(await operations.followOutcome(await operations.execute(op))).toBe(
      'ExternalSecret temporal/postgresql-cluster-app has force-sync=1795168800; External Secrets syncs it on its next reconcile',
    );
    expect(es().metadata!.annotations).toEqual({ 'force-sync': '1795168800' });

    const noOverwrite = { ...op, overwrite: false } as typeof op;
    await expect(operations.preview(noOverwrite)).rejects.toThrow(
      'already has the annotation force-sync="1795168800" and the step does not say --overwrite',
    );
  });

  it('deletes the schema Jobs with their pods named, after a dry run that deletes nothing', async () => {
    const api = FakeKubeApi.scenario('schema-migration-failed');
    const op = action(
      'kubectl delete jobs -n temporal -l app.kubernetes.io/component=schema',
    );
    const operations = ops(api);
    const jobs = () =>
      api.objects.filter(o => o.kind === 'Job').map(o => o.metadata!.name);
    const before = jobs();
    const preview = await operations.preview(op);
    expect(preview.summary).toBe(
      'Delete 2 Jobs matching app.kubernetes.io/component=schema in temporal (temporal-server-schema-3, temporal-server-schema-4) and, through propagation, 1 Pod (temporal-server-schema-4-8k2dq)',
    );
    expect(preview.deletes.map(d => `${d.kind}/${d.name}`)).toEqual([
      'Job/temporal-server-schema-3',
      'Job/temporal-server-schema-4',
      'Pod/temporal-server-schema-4-8k2dq',
    ]);
    expect(jobs()).toEqual(before);
    expect(await operations.followOutcome(await operations.execute(op))).toBe(
      'The Jobs are gone: temporal-server-schema-3, temporal-server-schema-4',
    );
    expect(jobs()).toEqual([]);
  });

  it('restarts a Deployment through its pod template annotation', async () => {
    const api = FakeKubeApi.scenario('healthy');
    const operations = ops(api, new Date('2026-11-20T10:00:00.900Z'));
    const op = action(
      'kubectl rollout restart deployment/temporal-server-history -n temporal',
    );
    await operations.followOutcome(await operations.execute(op));
    const deployment = api.objects.find(
      o =>
        o.kind === 'Deployment' &&
        o.metadata?.name === 'temporal-server-history',
    )!;
    expect(deployment.spec.template.metadata.annotations[RESTARTED_AT]).toBe(
      '2026-11-20T10:00:00Z',
    );
    deployment.spec.paused = true;
    await expect(operations.preview(op)).rejects.toThrow(
      "can't restart paused Deployment",
    );
  });

  it('says which verb the cluster identity may not use', async () => {
    const api = FakeKubeApi.scenario('healthy', { forbid: { patch: '*' } });
    await expect(
      ops(api).preview(
        action('flux suspend hr temporal-server -n flux-system'),
      ),
    ).rejects.toThrow(
      'the cluster identity may not patch helmreleases in flux-system (403)',
    );
  });
});

describe('API errors', () => {
  const hr: ResourceType = {
    kind: 'HelmRelease',
    group: 'helm.toolkit.fluxcd.io',
    version: 'v2',
    plural: 'helmreleases',
    namespaced: true,
  };
  const status = (
    code: number,
    reason: string,
    message: string,
    name?: string,
  ) =>
    new ApiException(
      code,
      'Unknown API Status Code!',
      JSON.stringify({
        kind: 'Status',
        code,
        reason,
        message,
        details: name ? { name } : {},
      }),
      {},
    );

  it('names the verb and the place of a 403', () => {
    expect(
      kubeError(
        status(
          403,
          'Forbidden',
          'helmreleases.helm.toolkit.fluxcd.io "x" is forbidden',
        ),
        'patch',
        hr,
        'flux-system',
        'x',
      ).message,
    ).toBe(
      'the cluster identity may not patch helmreleases in flux-system (403): helmreleases.helm.toolkit.fluxcd.io "x" is forbidden',
    );
  });

  it('tells a missing object from a type the cluster does not serve', () => {
    expect(
      kubeError(
        status(404, 'NotFound', 'not found', 'x'),
        'get',
        hr,
        'flux-system',
        'x',
      ).message,
    ).toBe('helmreleases.helm.toolkit.fluxcd.io "x" not found in flux-system');
    expect(
      kubeError(
        new Error(
          'Unrecognized API version and kind: helm.toolkit.fluxcd.io/v2 HelmRelease',
        ),
        'list',
        hr,
        'flux-system',
      ).message,
    ).toBe(
      'helmreleases.helm.toolkit.fluxcd.io/v2 is not served by this cluster (is the CRD installed?)',
    );
    expect(
      kubeError(
        status(422, 'Invalid', 'spec.suspend: Invalid value'),
        'patch',
        hr,
        'flux-system',
        'x',
      ).message,
    ).toBe(
      'patch helmreleases.helm.toolkit.fluxcd.io "x" in flux-system failed (422 Invalid): spec.suspend: Invalid value',
    );
  });
});
