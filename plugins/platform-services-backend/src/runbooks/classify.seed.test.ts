/**
 * Every step of the six Temporal runbooks of the seed page
 * (`shared/seed/temporal-service-page.md`), copied exactly, with the class a
 * careful operator would give it.
 *
 * Temporal's context comes from the example catalog: its upstreams are
 * external-secrets-config and postgresql-cluster, and through them
 * external-secrets, localstack, cnpg-operator and flux. Traefik is not among
 * them, so reading Traefik's logs from Temporal's page is refused for scope:
 * the portal reads with its own identity, and a service page may reach only
 * what the service and its upstreams own. (An operator who needs Traefik's
 * logs finds the same step on Traefik's page.)
 */
import { exampleCatalog, exampleContext } from './__fixtures__/exampleCatalog';
import { classifyRunbook, StepClass } from './classifyStep';
import { parseRunbookScript } from '@platform-services/plugin-platform-services-common';

const SEED_RUNBOOKS: Array<{ title: string; script: string }> = [
  {
    title: 'Schema migration job fails on upgrade',
    script: String.raw`kubectl get helmrelease temporal-server -n flux-system -o jsonpath='{.status.conditions[*].message}'
kubectl get jobs -n temporal -l app.kubernetes.io/component=schema --sort-by=.metadata.creationTimestamp
kubectl logs job/$(kubectl get jobs -n temporal -l app.kubernetes.io/component=schema -o jsonpath='{.items[-1].metadata.name}') -n temporal
kubectl exec -it postgresql-cluster-1 -n cnpg-system -- psql -U app -d temporal -c "SELECT * FROM schema_version ORDER BY version_id DESC LIMIT 5;"
kubectl exec -it postgresql-cluster-1 -n cnpg-system -- psql -U app -d temporal_visibility -c "SELECT * FROM schema_version ORDER BY version_id DESC LIMIT 5;"
# If schema is corrupted, manually mark version and retry:
flux suspend helmrelease temporal-server -n flux-system
kubectl delete jobs -n temporal -l app.kubernetes.io/component=schema
flux resume helmrelease temporal-server -n flux-system`,
  },
  {
    title: 'Frontend pods unable to connect to PostgreSQL',
    script: String.raw`kubectl get externalsecret postgresql-cluster-app -n temporal -o jsonpath='{.status.conditions[*]}' | jq .
kubectl get secret postgresql-cluster-app -n temporal -o jsonpath='{.data.host}' | base64 -d
kubectl get secret postgresql-cluster-app -n temporal -o jsonpath='{.data.password}' | base64 -d | head -c5; echo '...'
kubectl run pg-check --rm -it --image=postgres:16 -n temporal -- psql postgresql://app@postgresql-cluster-rw.cnpg-system.svc.cluster.local:5432/temporal -c 'SELECT 1;'
kubectl logs deployment/temporal-server-frontend -n temporal --tail=50 | grep -i 'persistence\|connection\|sql'
kubectl get cluster postgresql-cluster -n cnpg-system -o jsonpath='{.status.phase}'`,
  },
  {
    title: 'History service OOMKilled under workflow load',
    script: String.raw`kubectl get pods -n temporal -l app.kubernetes.io/component=history -o wide
kubectl describe pod -n temporal -l app.kubernetes.io/component=history | grep -A5 'Last State\|Limits\|Requests'
kubectl top pods -n temporal -l app.kubernetes.io/component=history
kubectl logs -n temporal -l app.kubernetes.io/component=history --previous --tail=100 | grep -i 'memory\|oom\|cache'
# Check workflow history event counts (large histories consume history service memory):
kubectl exec -it postgresql-cluster-1 -n cnpg-system -- psql -U app -d temporal -c "SELECT workflow_id, COUNT(*) as event_count FROM executions GROUP BY workflow_id ORDER BY event_count DESC LIMIT 10;"`,
  },
  {
    title: 'ExternalSecret not syncing credentials',
    script: String.raw`kubectl get externalsecret postgresql-cluster-app -n temporal
kubectl describe externalsecret postgresql-cluster-app -n temporal | grep -A10 'Status:'
kubectl get clustersecretstore localstack-secretstore -o jsonpath='{.status.conditions[*]}' | jq .
kubectl logs -n external-secrets deployment/external-secrets --tail=50 | grep -i 'temporal\|postgresql-cluster-app'
# Verify secret exists in LocalStack:
kubectl exec -n localstack deployment/localstack -- awslocal secretsmanager get-secret-value --secret-id cnpg/postgresql-cluster-app/username --query SecretString --output text
# Force resync:
kubectl annotate externalsecret postgresql-cluster-app -n temporal force-sync=$(date +%s) --overwrite`,
  },
  {
    title: 'Temporal Web UI unreachable via IngressRoute',
    script: String.raw`kubectl get ingressroute temporal-web -n temporal -o yaml | grep -A10 'routes:'
kubectl get svc temporal-server-web -n temporal
kubectl get endpoints temporal-server-web -n temporal
kubectl port-forward svc/temporal-server-web -n temporal 8080:8080 &
curl -s -o /dev/null -w '%{http_code}' http://localhost:8080
# If port-forward works but IngressRoute doesn't, check Traefik routing:
kubectl logs -n traefik deployment/traefik --tail=100 | grep -i 'temporal'`,
  },
  {
    title: 'Task queue backlog growing with no workers processing',
    script: String.raw`kubectl get pods -n temporal -l app.kubernetes.io/component=matching
kubectl logs -n temporal -l app.kubernetes.io/component=matching --tail=50 | grep -i 'error\|queue\|dispatch'
kubectl logs -n temporal -l app.kubernetes.io/component=frontend --tail=50 | grep -i 'rate\|limit\|reject'
# Check if frontend is reachable from within the cluster:
kubectl run grpc-check --rm -it --image=fullstorydev/grpcurl -n temporal -- -plaintext temporal-server-frontend.temporal.svc.cluster.local:7233 temporal.api.workflowservice.v1.WorkflowService/GetSystemInfo
# Verify matching service can reach history:
kubectl logs -n temporal -l app.kubernetes.io/component=matching --tail=100 | grep -i 'history\|unavailable\|connection'`,
  },
];

/**
 * One row per step, in order: the class, and a fragment of the reason
 * (for diagnostics and actions, who owns what they touch).
 */
const EXPECTED: Array<[StepClass, string]> = [
  // Schema migration job fails on upgrade
  ['diagnostic', 'owned by temporal'], // its own HelmRelease, JSONPath conditions
  ['diagnostic', 'owned by temporal'], // jobs sorted by creation
  ['diagnostic', 'named by a nested `kubectl get`'], // logs of the newest schema job
  ['manual', '`kubectl exec` runs `psql` inside a container'],
  ['manual', '`kubectl exec` runs `psql` inside a container'],
  ['action', 'suspends HelmRelease flux-system/temporal-server'],
  [
    'action',
    'deletes the Jobs matching app.kubernetes.io/component=schema in temporal',
  ],
  ['action', 'resumes HelmRelease flux-system/temporal-server'],
  // Frontend pods unable to connect to PostgreSQL
  ['diagnostic', 'formats the JSON'],
  ['refused', "would reveal the Secret's data"],
  ['refused', "would reveal the Secret's data"],
  ['manual', '`kubectl run` starts a new pod'],
  [
    'diagnostic',
    'keeps lines containing "persistence" or "connection" or "sql"',
  ],
  ['diagnostic', 'owned by upstream postgresql-cluster'],
  // History service OOMKilled under workflow load
  ['diagnostic', 'owned by temporal'],
  ['diagnostic', 'with 5 lines after'],
  ['diagnostic', 'CPU and memory use of pods in temporal'],
  ['diagnostic', 'previous logs'],
  ['manual', '`kubectl exec` runs `psql` inside a container'],
  // ExternalSecret not syncing credentials
  ['diagnostic', 'owned by temporal'],
  ['diagnostic', 'with 10 lines after'],
  ['diagnostic', 'owned by upstream external-secrets-config'], // the ClusterSecretStore it deploys
  // The external-secrets namespace is shared by external-secrets-config (a
  // direct upstream) and external-secrets (an upstream of it); the nearest
  // owner is named.
  ['diagnostic', 'owned by upstream external-secrets-config'],
  ['manual', '`kubectl exec` runs `awslocal` inside a container'],
  ['action', 'with force-sync=the current Unix time'],
  // Temporal Web UI unreachable via IngressRoute
  ['diagnostic', 'keeps lines containing "routes:" with 10 lines after'],
  ['diagnostic', 'owned by temporal'],
  ['diagnostic', 'owned by temporal'],
  ['manual', 'runs in the background (`&`)'],
  ['manual', '`curl` makes an HTTP request from your machine'],
  [
    'refused',
    'Namespace traefik belongs neither to temporal nor to its upstreams',
  ],
  // Task queue backlog growing with no workers processing
  ['diagnostic', 'owned by temporal'],
  ['diagnostic', 'pods matching app.kubernetes.io/component=matching'],
  ['diagnostic', 'pods matching app.kubernetes.io/component=frontend'],
  ['manual', '`kubectl run` starts a new pod'],
  ['diagnostic', 'pods matching app.kubernetes.io/component=matching'],
];

const context = exampleContext('temporal');
const steps = SEED_RUNBOOKS.flatMap(runbook =>
  classifyRunbook(parseRunbookScript(runbook.script), context),
);

describe('the seed runbooks of Temporal', () => {
  it('are the example catalog’s Temporal runbooks', () => {
    const temporal = exampleCatalog.services.find(s => s.name === 'temporal')!;
    expect(
      temporal.runbooks!.map(r => ({ title: r.title, script: r.script })),
    ).toEqual(SEED_RUNBOOKS);
  });

  it.each(steps.map((step, i) => [step.command, ...EXPECTED[i], i] as const))(
    '%s → %s',
    (_command, expectedClass, fragment, i) => {
      const { plan } = steps[i];
      expect([plan.class, plan.reason]).toEqual([
        expectedClass,
        expect.stringContaining(fragment),
      ]);
    },
  );

  it('has a row for every step', () => {
    expect(steps).toHaveLength(EXPECTED.length);
    const count = (c: StepClass) =>
      steps.filter(s => s.plan.class === c).length;
    expect({
      diagnostic: count('diagnostic'),
      action: count('action'),
      manual: count('manual'),
      refused: count('refused'),
    }).toEqual({ diagnostic: 21, action: 4, manual: 8, refused: 3 });
  });

  it('reads the newest schema job through a nested read-only operation', () => {
    expect(steps[2].plan).toMatchObject({
      class: 'diagnostic',
      operation: {
        kind: 'kubectl-logs',
        namespace: 'temporal',
        target: {
          workload: 'job',
          name: {
            from: {
              kind: 'kubectl-get',
              resource: {
                kind: 'Job',
                group: 'batch',
                version: 'v1',
                plural: 'jobs',
              },
              namespace: 'temporal',
              selector: 'app.kubernetes.io/component=schema',
              output: {
                format: 'jsonpath',
                expression: '{.items[-1].metadata.name}',
              },
              filters: [],
            },
          },
        },
        filters: [],
      },
    });
  });

  it('types the actions for the backend', () => {
    const actions = steps
      .filter(s => s.plan.class === 'action')
      .map(s => s.plan);
    expect(
      actions.map(a => (a.class === 'action' ? a.operation : undefined)),
    ).toEqual([
      {
        kind: 'flux-suspend',
        objectKind: 'HelmRelease',
        name: 'temporal-server',
        namespace: 'flux-system',
      },
      {
        kind: 'delete-jobs',
        namespace: 'temporal',
        selector: 'app.kubernetes.io/component=schema',
      },
      {
        kind: 'flux-resume',
        objectKind: 'HelmRelease',
        name: 'temporal-server',
        namespace: 'flux-system',
      },
      {
        kind: 'annotate',
        resource: expect.objectContaining({
          kind: 'ExternalSecret',
          group: 'external-secrets.io',
        }),
        name: 'postgresql-cluster-app',
        namespace: 'temporal',
        key: 'force-sync',
        value: { unixTime: true },
        overwrite: true,
      },
    ]);
  });

  it('types the filters after a pipe', () => {
    const filtersOf = (i: number) => {
      const { plan } = steps[i];
      return plan.class === 'diagnostic' ? plan.operation.filters : undefined;
    };
    expect(filtersOf(8)).toEqual([{ kind: 'jq', path: [], raw: false }]);
    expect(filtersOf(12)).toEqual([
      {
        kind: 'grep',
        alternatives: ['persistence', 'connection', 'sql'],
        ignoreCase: true,
        invert: false,
      },
    ]);
    expect(filtersOf(15)).toEqual([
      {
        kind: 'grep',
        alternatives: ['Last State', 'Limits', 'Requests'],
        ignoreCase: false,
        invert: false,
        after: 5,
      },
    ]);
    expect(steps[17].plan).toMatchObject({
      operation: {
        kind: 'kubectl-logs',
        target: { selector: 'app.kubernetes.io/component=history' },
        previous: true,
        tail: 100,
      },
    });
  });

  it('names the owner of each upstream read', () => {
    expect(steps[21].plan).toMatchObject({
      scope: [
        {
          touch: {
            type: 'cluster-object',
            kind: 'ClusterSecretStore',
            name: 'localstack-secretstore',
          },
          service: 'external-secrets-config',
          relation: 'upstream',
        },
      ],
    });
  });
});
