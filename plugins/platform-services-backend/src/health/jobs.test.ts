import { condition, minutesAgo, temporalLabels } from './__fixtures__/objects';
import { evaluateJobs, isSchemaJob, latestJobs } from './jobs';
import { JobObject, PodObject } from './objects';

function job(
  name: string,
  outcome: 'Complete' | 'Failed' | 'Running',
  startedMinutesAgo: number,
  component = 'schema',
): JobObject {
  return {
    metadata: {
      name,
      namespace: 'temporal',
      labels: temporalLabels(component),
    },
    status: {
      startTime: minutesAgo(startedMinutesAgo),
      ...(outcome === 'Running' ? { active: 1 } : {}),
      conditions:
        outcome === 'Running'
          ? []
          : [
              condition(
                outcome,
                'True',
                outcome === 'Failed'
                  ? 'BackoffLimitExceeded'
                  : 'CompletionsReached',
                outcome === 'Failed'
                  ? 'Job has reached the specified backoff limit'
                  : undefined,
              ),
            ],
    },
  };
}

const failedPod: PodObject = {
  metadata: {
    name: 'temporal-server-schema-4-x',
    namespace: 'temporal',
    labels: { 'batch.kubernetes.io/job-name': 'temporal-server-schema-4' },
  },
  status: {
    phase: 'Failed',
    initContainerStatuses: [
      {
        name: 'setup-default-store',
        state: { terminated: { exitCode: 0, reason: 'Completed' } },
      },
      {
        name: 'update-default-store',
        state: {
          terminated: {
            exitCode: 1,
            reason: 'Error',
            message:
              'ERROR\tUnable to update SQL schema.\t{"error": "error executing statement: pq: relation \\"namespace_metadata\\" already exists"}',
          },
        },
      },
    ],
  },
};

describe('isSchemaJob', () => {
  it('recognises the schema Job by component or by name', () => {
    expect(isSchemaJob(job('temporal-server-schema-4', 'Failed', 1))).toBe(
      true,
    );
    expect(isSchemaJob(job('temporal-schema-4', 'Failed', 1, 'database'))).toBe(
      true,
    );
    expect(isSchemaJob(job('backup-1', 'Failed', 1, 'backup'))).toBe(false);
  });
});

describe('latestJobs', () => {
  it('keeps the newest run of each family', () => {
    const jobs = [
      job('temporal-server-schema-3', 'Complete', 60 * 20),
      job('temporal-server-schema-4', 'Failed', 40),
    ];
    expect(latestJobs(jobs).map(j => j.metadata.name)).toEqual([
      'temporal-server-schema-4',
    ]);
    expect(
      latestJobs([jobs[1], job('temporal-server-schema-5', 'Complete', 5)]).map(
        j => j.metadata.name,
      ),
    ).toEqual(['temporal-server-schema-5']);
  });
});

describe('evaluateJobs', () => {
  it('fails a failed schema Job with the failing container’s error and the schema-job-failed signal', () => {
    const f = evaluateJobs(
      [job('temporal-server-schema-4', 'Failed', 40)],
      [failedPod],
    );
    expect(f.checks[0]).toMatchObject({
      status: 'failed',
      reason: 'BackoffLimitExceeded',
    });
    expect(f.checks[0].message).toBe(
      'Schema Job temporal/temporal-server-schema-4 failed (BackoffLimitExceeded: Job has reached the specified backoff limit); ' +
        'container update-default-store exited with code 1: error executing statement: pq: relation "namespace_metadata" already exists',
    );
    expect(f.signals.map(s => s.id)).toEqual(['schema-job-failed']);
  });

  it('ignores a failed run superseded by a newer successful one', () => {
    const f = evaluateJobs(
      [
        job('temporal-server-schema-4', 'Failed', 40),
        job('temporal-server-schema-5', 'Complete', 10),
      ],
      [failedPod],
    );
    expect(f.checks.map(c => [c.id, c.status])).toEqual([
      ['job:temporal/temporal-server-schema-5', 'ok'],
    ]);
    expect(f.signals).toEqual([]);
  });

  it('signals a generic job-failed for other Jobs, and reports a running Job as progressing', () => {
    expect(
      evaluateJobs([job('backup-1', 'Failed', 5, 'backup')], []).signals.map(
        s => s.id,
      ),
    ).toEqual(['job-failed']);
    expect(
      evaluateJobs([job('backup-2', 'Running', 5, 'backup')], []).checks[0]
        .status,
    ).toBe('progressing');
  });
});
