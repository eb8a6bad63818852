import type {
  CheckStatus,
  HealthCheck,
} from '@platform-services/plugin-platform-services-common';
import { decideStatus, summarize } from './status';

const check = (
  id: string,
  status: CheckStatus,
  kind: HealthCheck['kind'] = 'Workload',
): HealthCheck => ({
  id,
  kind,
  status,
  reason: 'R',
  message: `${id} is ${status}.`,
});

describe('decideStatus', () => {
  it.each<[CheckStatus[], string]>([
    [['ok', 'degraded', 'failed', 'suspended'], 'unhealthy'],
    [['ok', 'degraded', 'suspended'], 'suspended'],
    [['ok', 'progressing'], 'degraded'],
    [['ok', 'unknown'], 'healthy'],
    [['unknown'], 'unknown'],
    [[], 'unknown'],
  ])('%j is %s', (statuses, expected) => {
    expect(decideStatus(statuses.map((s, i) => check(`c${i}`, s))).status).toBe(
      expected,
    );
  });
});

describe('summarize', () => {
  it('names failing objects before those failing because of them', () => {
    const decision = decideStatus([
      check('kustomization', 'failed', 'Kustomization'),
      check('job', 'failed', 'Job'),
      check('helmrelease', 'failed', 'HelmRelease'),
    ]);
    expect(summarize(decision, 3)).toBe(
      'helmrelease is failed; job is failed (+1 more)',
    );
    expect(summarize(decideStatus([check('a', 'ok')]), 1)).toBe(
      'All 1 checks passed',
    );
  });
});
