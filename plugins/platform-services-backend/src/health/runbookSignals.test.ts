import { exampleService, TEMPORAL_RUNBOOKS } from './__fixtures__/catalog';
import { inferRunbookSignals, runbookSignals } from './runbookSignals';

const temporal = exampleService('temporal');
const scriptOf = (title: string) =>
  temporal.runbooks!.find(r => r.title === title)!.script;
const inferred = (title: string) =>
  inferRunbookSignals(scriptOf(title)).map(p =>
    [p.id, p.component ?? p.workload].filter(Boolean).join(':'),
  );

describe('inferRunbookSignals on the Temporal runbooks', () => {
  it('reads the schema runbook as a failed schema Job during a HelmRelease upgrade', () => {
    expect(inferred(TEMPORAL_RUNBOOKS.schema)).toEqual([
      'helmrelease-not-ready',
      'schema-job-failed',
      'helmrelease-upgrade-failed',
    ]);
  });

  it('reads the frontend runbook as credentials, frontend crashes on SQL, and the PostgreSQL cluster', () => {
    expect(inferred(TEMPORAL_RUNBOOKS.frontendDb)).toEqual([
      'externalsecret-not-synced',
      'pods-crashlooping:temporal-server-frontend',
      'postgres-cluster-degraded',
    ]);
  });

  it('reads the history runbook as OOMKills and crashes of the history component', () => {
    expect(inferred(TEMPORAL_RUNBOOKS.historyOom)).toEqual([
      'pods-oomkilled:history',
      'pods-crashlooping:history',
    ]);
  });

  it('reads the ExternalSecret runbook as the ExternalSecret and its store', () => {
    expect(inferred(TEMPORAL_RUNBOOKS.externalSecret)).toEqual([
      'externalsecret-not-synced',
      'secretstore-not-ready',
    ]);
  });

  it('reads the Web UI runbook as an IngressRoute backend without endpoints', () => {
    expect(inferred(TEMPORAL_RUNBOOKS.webUi)).toEqual([
      'ingress-backend-no-endpoints',
    ]);
  });

  it('reads the backlog runbook as a backlog without pollers and an unreachable frontend', () => {
    expect(inferred(TEMPORAL_RUNBOOKS.backlog)).toEqual([
      'temporal-backlog-no-pollers',
      'temporal-frontend-unreachable',
    ]);
  });

  it('keeps the command it inferred a signal from', () => {
    const [first] = inferRunbookSignals(scriptOf(TEMPORAL_RUNBOOKS.webUi));
    expect(first.evidence).toBe(
      "kubectl get ingressroute temporal-web -n temporal -o yaml | grep -A10 'routes:'",
    );
  });
});

describe('runbookSignals', () => {
  it('uses declared signals instead of inferring, ignoring ids outside the vocabulary', () => {
    expect(
      runbookSignals({
        title: 't',
        script: 'kubectl get ingressroute -A',
        signals: ['pods-oomkilled', 'made-up', 'pods-oomkilled'],
      }),
    ).toEqual([{ id: 'pods-oomkilled', source: 'declared' }]);
  });

  it('infers when the runbook declares none', () => {
    expect(
      runbookSignals({
        title: 't',
        script: 'kubectl get ingressroute -A',
        signals: [],
      }),
    ).toEqual([
      expect.objectContaining({
        id: 'ingress-backend-no-endpoints',
        source: 'inferred',
      }),
    ]);
  });
});
