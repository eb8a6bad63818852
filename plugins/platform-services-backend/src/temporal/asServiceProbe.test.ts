import { TemporalProbeResult } from '@platform-services/plugin-platform-services-common';
import { asServiceProbe } from './asServiceProbe';

const base: TemporalProbeResult = {
  environment: 'dev',
  service: 'temporal',
  address: '127.0.0.1:7233',
  reachable: true,
  checkedAt: '2026-11-26T10:00:00Z',
  durationMs: 12,
  namespaces: [],
  taskQueues: [],
  workflowCounts: [],
  recentFailures: [],
  errors: [],
  signals: [],
};

describe('asServiceProbe', () => {
  it('adds an ok check for a serving server', () => {
    const probe = asServiceProbe(base);
    expect(probe.checks).toEqual([
      expect.objectContaining({ kind: 'Temporal', status: 'ok', reason: 'Serving' }),
    ]);
    expect(probe.signals).toEqual([]);
  });

  it('turns a backlog without pollers into a degraded check and its signal', () => {
    const probe = asServiceProbe({
      ...base,
      signals: [
        {
          id: 'temporal-backlog-no-pollers',
          message: 'Task queue platform-demo has 5 tasks waiting and no poller',
          taskQueue: 'platform-demo',
        } as any,
      ],
    });
    expect(probe.checks![0]).toMatchObject({
      status: 'degraded',
      reason: 'temporal-backlog-no-pollers',
      message: 'Task queue platform-demo has 5 tasks waiting and no poller',
    });
    expect(probe.signals!.map(s => s.id)).toEqual(['temporal-backlog-no-pollers']);
  });

  it('fails the check when the frontend does not answer', () => {
    const probe = asServiceProbe({ ...base, reachable: false, error: 'ECONNREFUSED' });
    expect(probe.checks![0]).toMatchObject({ status: 'failed', reason: 'Unreachable' });
    expect(probe.checks![0].message).toContain('ECONNREFUSED');
  });
});
