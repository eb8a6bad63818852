import {
  ActionPreview,
  RunbookPlansResponse,
  RunRecord,
  RunRequest,
  StepAvailability,
} from '@platform-services/plugin-platform-services-common';
import { http, HttpResponse } from 'msw';
import { BASE_URL } from '../../../__testUtils__/renderWithApi';

export const RUNBOOK_ID = 'schema-migration-job-fails-on-upgrade';
export const RUNBOOK_TITLE = 'Schema migration job fails on upgrade';

const COMMANDS = [
  "kubectl get helmrelease temporal-server -n flux-system -o jsonpath='{.status.conditions[*].message}'",
  'kubectl get jobs -n temporal -l app.kubernetes.io/component=schema --sort-by=.metadata.creationTimestamp',
  "kubectl logs job/$(kubectl get jobs -n temporal -l app.kubernetes.io/component=schema -o jsonpath='{.items[-1].metadata.name}') -n temporal",
  'kubectl exec -it postgresql-cluster-1 -n cnpg-system -- psql ...',
  'kubectl exec -it postgresql-cluster-1 -n cnpg-system -- psql ...',
  'flux suspend helmrelease temporal-server -n flux-system',
  'kubectl delete jobs -n temporal -l app.kubernetes.io/component=schema',
  'flux resume helmrelease temporal-server -n flux-system',
];

export const MANUAL_REASON =
  'kubectl exec opens an interactive shell in a pod: run it yourself';
export const REFUSED_REASON =
  'psql -c runs SQL against the database, which the portal never does';
export const DENIED_REASON =
  'Only group:default/platform-oncall may run diagnostics in prod';

/** The plans of the schema-migration runbook: every kind of step once or more. */
export function schemaRunbookPlans(environment: string): RunbookPlansResponse {
  const steps: StepAvailability[] = [
    {
      stepIndex: 0,
      class: 'diagnostic',
      reason: 'Reads a HelmRelease',
      allowed: true,
    },
    { stepIndex: 1, class: 'diagnostic', reason: 'Lists Jobs', allowed: true },
    {
      stepIndex: 2,
      class: 'diagnostic',
      reason: 'Reads the logs of a Job',
      allowed: false,
      deniedReason: DENIED_REASON,
    },
    { stepIndex: 3, class: 'manual', reason: MANUAL_REASON, allowed: true },
    { stepIndex: 4, class: 'refused', reason: REFUSED_REASON, allowed: false },
    {
      stepIndex: 5,
      class: 'action',
      reason: 'Suspends a HelmRelease',
      allowed: true,
    },
    {
      stepIndex: 6,
      class: 'action',
      reason: 'Deletes the schema Jobs',
      allowed: true,
    },
    {
      stepIndex: 7,
      class: 'action',
      reason: 'Resumes a HelmRelease',
      allowed: false,
      deniedReason: 'Not allowed to run actions',
    },
  ];
  return {
    environment,
    requiresTypedConfirmation: environment === 'prod',
    runbooks: [{ runbookId: RUNBOOK_ID, steps }],
  };
}

export function suspendPreview(environment: string): ActionPreview {
  return {
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
    confirmation: environment === 'prod' ? 'temporal' : 'run',
  };
}

function baseRecord(body: RunRequest, actor: string): RunRecord {
  return {
    runId: body.runId,
    service: 'temporal',
    environment: body.environment,
    runbookId: body.runbookId,
    runbookTitle: RUNBOOK_TITLE,
    stepIndex: body.stepIndex,
    command: COMMANDS[body.stepIndex] ?? 'unknown',
    stepClass: body.stepIndex >= 5 ? 'action' : 'diagnostic',
    actor,
    requestedAt: new Date().toISOString(),
    outcome: 'running',
    progress: [],
  };
}

/**
 * The runs routes of the backend, kept in memory: plans, previews, runs that
 * take two polls to finish, the history. `posts` records every POST body.
 */
export function fakeRunsBackend(
  options: { actor?: string; pollsUntilDone?: number } = {},
) {
  const actor = options.actor ?? 'user:default/jane';
  const runs = new Map<string, RunRecord>();
  const polls = new Map<string, number>();
  const posts: RunRequest[] = [];
  const pollsUntilDone = options.pollsUntilDone ?? 2;

  const handlers = [
    http.get(`${BASE_URL}/services/temporal/runbooks/plans`, ({ request }) => {
      const environment =
        new URL(request.url).searchParams.get('environment') ?? 'dev';
      return HttpResponse.json(schemaRunbookPlans(environment));
    }),
    http.post(`${BASE_URL}/services/temporal/runs`, async ({ request }) => {
      const body = (await request.json()) as RunRequest;
      posts.push(body);
      if (body.stepIndex === 0) {
        return HttpResponse.json(
          {
            error: {
              name: 'NotAllowedError',
              message: 'You may not run diagnostics in prod',
            },
            response: { statusCode: 403 },
          },
          { status: 403 },
        );
      }
      const existing = runs.get(body.runId);
      if (body.stepIndex === 1) {
        // A diagnostic answers at once.
        const record: RunRecord = {
          ...baseRecord(body, actor),
          outcome: 'succeeded',
          finishedAt: new Date().toISOString(),
          durationMs: 120,
          progress: [
            { at: new Date().toISOString(), message: 'Listed 2 Jobs' },
          ],
          output: {
            kind: 'table',
            columns: ['NAME', 'STATUS', 'COMPLETIONS', 'AGE'],
            rows: [
              ['temporal-server-schema-1', 'Failed', '0/1', '3m'],
              ['temporal-server-schema-2', 'Running', '0/1', '20s'],
            ],
          },
        };
        runs.set(body.runId, record);
        return HttpResponse.json(record);
      }
      if (body.mode === 'preview') {
        const record: RunRecord = {
          ...baseRecord(body, actor),
          outcome: 'previewed',
          preview: suspendPreview(body.environment),
          progress: [
            {
              at: new Date().toISOString(),
              message: 'Dry run accepted by the API server',
            },
          ],
        };
        runs.set(body.runId, record);
        return HttpResponse.json(record);
      }
      if (!existing || existing.outcome !== 'previewed') {
        // Sending the same run id again never runs twice.
        if (existing) return HttpResponse.json(existing);
        return HttpResponse.json(
          {
            error: { name: 'InputError', message: 'Preview the action first' },
          },
          { status: 400 },
        );
      }
      if (body.confirmation !== existing.preview?.confirmation) {
        return HttpResponse.json(
          {
            error: {
              name: 'InputError',
              message: `Type "${existing.preview?.confirmation}" to confirm`,
            },
          },
          { status: 400 },
        );
      }
      const record: RunRecord = {
        ...existing,
        outcome: 'running',
        progress: [
          ...existing.progress,
          { at: new Date().toISOString(), message: `Confirmed by ${actor}` },
          {
            at: new Date().toISOString(),
            message: 'Patched HelmRelease flux-system/temporal-server',
          },
        ],
      };
      runs.set(body.runId, record);
      return HttpResponse.json(record);
    }),
    http.get(`${BASE_URL}/services/temporal/runs/:runId`, ({ params }) => {
      const runId = String(params.runId);
      const record = runs.get(runId);
      if (!record) {
        return HttpResponse.json(
          { error: { name: 'NotFoundError', message: 'no run' } },
          { status: 404 },
        );
      }
      const n = (polls.get(runId) ?? 0) + 1;
      polls.set(runId, n);
      if (record.outcome === 'running' && n >= pollsUntilDone) {
        const done: RunRecord = {
          ...record,
          outcome: 'succeeded',
          finishedAt: new Date().toISOString(),
          durationMs: 2400,
          progress: [
            ...record.progress,
            {
              at: new Date().toISOString(),
              message: 'Controller reports the HelmRelease suspended',
            },
          ],
        };
        runs.set(runId, done);
        return HttpResponse.json(done);
      }
      return HttpResponse.json(record);
    }),
    http.get(`${BASE_URL}/services/temporal/runs`, ({ request }) => {
      const environment = new URL(request.url).searchParams.get('environment');
      return HttpResponse.json({
        runs: [...runs.values()]
          .filter(r => !environment || r.environment === environment)
          .reverse(),
      });
    }),
  ];
  return { handlers, posts, runs };
}

/** Two runs as the history route answers them. */
export function historyRuns(): RunRecord[] {
  return [
    {
      runId: 'r-1',
      service: 'temporal',
      environment: 'dev',
      runbookId: RUNBOOK_ID,
      runbookTitle: RUNBOOK_TITLE,
      stepIndex: 1,
      command: COMMANDS[1],
      stepClass: 'diagnostic',
      actor: 'user:default/jane',
      requestedAt: '2026-11-26T10:00:00.000Z',
      finishedAt: '2026-11-26T10:00:00.300Z',
      durationMs: 300,
      outcome: 'succeeded',
      progress: [{ at: '2026-11-26T10:00:00.300Z', message: 'Listed 2 Jobs' }],
      output: {
        kind: 'log',
        lines: ['line one', 'line two', 'line three'],
        truncated: true,
      },
    },
    {
      runId: 'r-2',
      service: 'temporal',
      environment: 'dev',
      runbookId: RUNBOOK_ID,
      runbookTitle: RUNBOOK_TITLE,
      stepIndex: 5,
      command: COMMANDS[5],
      stepClass: 'action',
      actor: 'user:default/omar',
      requestedAt: '2026-11-26T11:00:00.000Z',
      finishedAt: '2026-11-26T11:00:03.000Z',
      durationMs: 3000,
      outcome: 'failed',
      preview: suspendPreview('dev'),
      progress: [
        {
          at: '2026-11-26T11:00:01.000Z',
          message: 'Dry run accepted by the API server',
        },
      ],
      error: 'the HelmRelease changed since the preview',
    },
  ];
}
