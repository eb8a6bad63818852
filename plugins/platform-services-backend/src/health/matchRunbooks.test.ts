import type { Signal } from '@platform-services/plugin-platform-services-common';
import { exampleService, TEMPORAL_RUNBOOKS } from './__fixtures__/catalog';
import { matchRunbooks } from './matchRunbooks';

const runbooks = exampleService('temporal').runbooks!;
const titles = (signals: Signal[]) =>
  matchRunbooks(signals, runbooks).map(m => m.title);

describe('matchRunbooks', () => {
  it('matches nothing without signals', () => {
    expect(matchRunbooks([], runbooks)).toEqual([]);
  });

  it('prefers the runbook narrowed to the signal’s component', () => {
    const oom: Signal[] = [
      { id: 'pods-oomkilled', component: 'history', message: 'm' },
      { id: 'pods-crashlooping', component: 'history', message: 'm' },
    ];
    const [top] = matchRunbooks(oom, runbooks);
    expect(top).toMatchObject({
      title: TEMPORAL_RUNBOOKS.historyOom,
      score: 8,
      signalCount: 2,
    });
    expect(top.reason).toBe(
      'Observed pods-oomkilled (history), pods-crashlooping (history): 2 of the 2 signals it addresses (inferred from its commands)',
    );
  });

  it('does not match a runbook narrowed to another component', () => {
    expect(
      titles([
        { id: 'pods-crashlooping', component: 'matching', message: 'm' },
      ]),
    ).toEqual([]);
  });

  it('matches a workload-narrowed pattern by the signal’s object', () => {
    expect(
      titles([
        {
          id: 'pods-crashlooping',
          component: 'frontend',
          object: {
            kind: 'Deployment',
            namespace: 'temporal',
            name: 'temporal-server-frontend',
          },
          message: 'm',
        },
      ]),
    ).toEqual([TEMPORAL_RUNBOOKS.frontendDb]);
  });

  it('lets a specific signal outweigh a generic one', () => {
    const ranked = matchRunbooks(
      [
        { id: 'helmrelease-upgrade-failed', message: 'm' },
        {
          id: 'pods-crashlooping',
          component: 'frontend',
          object: { kind: 'Deployment', name: 'temporal-server-frontend' },
          message: 'm',
        },
      ],
      runbooks,
    );
    expect(ranked.map(m => [m.title, m.score])).toEqual([
      [TEMPORAL_RUNBOOKS.schema, 4],
      [TEMPORAL_RUNBOOKS.frontendDb, 2],
    ]);
  });

  it('breaks a tie by the share of the runbook’s signals that are present', () => {
    expect(titles([{ id: 'externalsecret-not-synced', message: 'm' }])).toEqual(
      [TEMPORAL_RUNBOOKS.externalSecret, TEMPORAL_RUNBOOKS.frontendDb],
    );
  });

  it('uses declared signals and says so', () => {
    const [m] = matchRunbooks(
      [
        {
          id: 'postgres-cluster-degraded',
          upstream: 'postgresql-cluster',
          message: 'm',
        },
      ],
      [
        {
          id: 'pg',
          title: 'PG',
          script: '',
          signals: ['postgres-cluster-degraded'],
        },
      ],
    );
    expect(m).toMatchObject({ runbookId: 'pg', score: 3 });
    expect(m.matched[0]).toMatchObject({
      source: 'declared',
      upstream: 'postgresql-cluster',
    });
    expect(m.reason).toContain('(declared by the runbook)');
  });
});
