import type { ServiceHealthSummary } from '@platform-services/plugin-platform-services-common';
import { upstreamFinding } from './upstream';

const pgDegraded: ServiceHealthSummary = {
  service: 'postgresql-cluster',
  status: 'degraded',
  summary:
    'PostgreSQL cluster cnpg-system/postgresql-cluster: 1 of 3 instances ready',
  signals: [
    { id: 'postgres-cluster-degraded', message: 'PostgreSQL cluster ...' },
    { id: 'pods-not-ready', component: 'database', message: 'pods not ready' },
  ],
};

describe('upstreamFinding', () => {
  it('degrades for a degraded upstream, says why, and carries its shared-resource signals over', () => {
    const f = upstreamFinding(
      [{ service: 'postgresql-cluster' }],
      new Map([['postgresql-cluster', pgDegraded]]),
    );
    expect(f.checks).toEqual([
      {
        id: 'upstream:postgresql-cluster',
        kind: 'Upstream',
        status: 'degraded',
        reason: 'UpstreamDegraded',
        message:
          'Upstream postgresql-cluster is degraded: PostgreSQL cluster cnpg-system/postgresql-cluster: 1 of 3 instances ready',
      },
    ]);
    expect(f.signals).toEqual([
      {
        id: 'postgres-cluster-degraded',
        message: 'PostgreSQL cluster ...',
        upstream: 'postgresql-cluster',
      },
    ]);
  });

  it('never makes a service worse than degraded', () => {
    const f = upstreamFinding(
      [{ service: 'postgresql-cluster' }],
      new Map([
        ['postgresql-cluster', { ...pgDegraded, status: 'unhealthy' as const }],
      ]),
    );
    expect(f.checks[0]).toMatchObject({
      status: 'degraded',
      reason: 'UpstreamUnhealthy',
    });
  });

  it('is ok for healthy and suspended upstreams, unknown when not evaluated, degraded when Disabled', () => {
    const summary = (status: ServiceHealthSummary['status']) => ({
      service: 's',
      status,
      summary: 'x',
      signals: [],
    });
    const statuses = upstreamFinding(
      [{ service: 'a' }, { service: 'b' }, { service: 'c' }, { service: 'd' }],
      new Map([
        ['a', summary('healthy')],
        ['b', summary('suspended')],
        ['d', summary('disabled')],
      ]),
    ).checks.map(c => c.status);
    expect(statuses).toEqual(['ok', 'ok', 'unknown', 'degraded']);
  });
});
