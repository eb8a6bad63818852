import { exampleContext } from './__fixtures__/exampleCatalog';
import { classifyRunbook, classifyStep, StepPlan } from './classifyStep';
import { parseRunbookScript } from '@platform-services/plugin-platform-services-common';

const temporal = exampleContext('temporal');
const plan = (command: string): StepPlan => classifyStep(command, temporal);
const operation = (command: string) => {
  const p = plan(command);
  if (p.class !== 'diagnostic' && p.class !== 'action') {
    throw new Error(`${command}: ${p.class}: ${p.reason}`);
  }
  return p.operation;
};

describe('classifyStep reads kubectl as kubectl would', () => {
  it.each([
    'kubectl -n temporal get pods',
    'kubectl get pods -ntemporal',
    'kubectl get pods --namespace=temporal',
    'kubectl get pods --namespace temporal',
    'kubectl get pods',
    'kubectl get pods -n temporal # a trailing comment',
    'kubectl get pods -n temporal;',
    'kubectl \\\n  get pods -n temporal',
  ])('%j gets the pods of temporal', command => {
    expect(operation(command)).toMatchObject({
      kind: 'kubectl-get',
      resource: { kind: 'Pod' },
      namespace: 'temporal',
    });
  });

  it('reads type/name, output formats, sorting and label columns', () => {
    expect(
      operation(
        'kubectl get po/x -n temporal -o=wide --sort-by=.metadata.name -L a,b -L c --show-labels',
      ),
    ).toEqual({
      kind: 'kubectl-get',
      resource: {
        kind: 'Pod',
        plural: 'pods',
        group: '',
        version: 'v1',
        namespaced: true,
      },
      name: 'x',
      namespace: 'temporal',
      output: { format: 'wide' },
      sortBy: '.metadata.name',
      showLabels: true,
      labelColumns: ['a', 'b', 'c'],
      filters: [],
    });
    expect(
      operation(
        'kubectl get pvc -n temporal -o custom-columns=NAME:.metadata.name,SIZE:.status.capacity.storage',
      ),
    ).toMatchObject({
      output: {
        format: 'custom-columns',
        columns: [
          { header: 'NAME', expression: '.metadata.name' },
          { header: 'SIZE', expression: '.status.capacity.storage' },
        ],
      },
    });
    expect(
      operation(
        'kubectl get externalsecrets.external-secrets.io x -n temporal',
      ),
    ).toMatchObject({ resource: { kind: 'ExternalSecret' } });
  });

  it('reads a Secret’s metadata but never its data', () => {
    expect(plan('kubectl get secret x -n temporal').class).toBe('diagnostic');
    expect(plan('kubectl get secret x -n temporal --show-labels').class).toBe(
      'diagnostic',
    );
    expect(
      plan("kubectl get secret x -n temporal -o jsonpath='{.metadata.labels}'")
        .class,
    ).toBe('diagnostic');
    expect(plan('kubectl get secret x -n temporal -o name').class).toBe(
      'diagnostic',
    );
    // describe shows only the sizes of the values
    expect(plan('kubectl describe secret x -n temporal').class).toBe(
      'diagnostic',
    );
    expect(
      plan("kubectl get secret x -n temporal -o jsonpath='{.data.password}'")
        .class,
    ).toBe('refused');
    expect(
      plan('kubectl get secret/x secret/y -n temporal -o yaml').class,
    ).toBe('refused');
    expect(
      plan('kubectl get configmaps,secrets -n temporal -o yaml').class,
    ).toBe('refused');
  });

  it('reads logs of pods, workloads and selectors', () => {
    expect(
      operation(
        'kubectl logs x -n temporal -c main --since=1h --timestamps --tail=-1',
      ),
    ).toEqual({
      kind: 'kubectl-logs',
      target: { workload: 'pod', name: 'x' },
      namespace: 'temporal',
      container: 'main',
      allContainers: false,
      previous: false,
      since: '1h',
      timestamps: true,
      filters: [],
    });
    expect(operation('kubectl logs x main -n temporal -p')).toMatchObject({
      container: 'main',
      previous: true,
    });
    expect(
      operation('kubectl logs sts/x -n temporal --all-containers'),
    ).toMatchObject({
      target: { workload: 'statefulset', name: 'x' },
      allContainers: true,
    });
  });

  it('reads kubectl top pods and describe', () => {
    expect(operation('kubectl top pod x -n temporal --containers')).toEqual({
      kind: 'kubectl-top-pods',
      name: 'x',
      namespace: 'temporal',
      containers: true,
      filters: [],
    });
    expect(operation('kubectl describe deploy x -n temporal')).toMatchObject({
      kind: 'kubectl-describe',
      resource: { kind: 'Deployment' },
      name: 'x',
      namespace: 'temporal',
    });
  });

  it('reads the actions', () => {
    expect(
      operation('kubectl rollout restart deployment a b -n temporal'),
    ).toEqual({
      kind: 'rollout-restart',
      namespace: 'temporal',
      targets: [
        { resource: 'deployment', name: 'a' },
        { resource: 'deployment', name: 'b' },
      ],
    });
    expect(
      operation('kubectl rollout restart sts/x ds/y -n temporal'),
    ).toMatchObject({
      targets: [
        { resource: 'statefulset', name: 'x' },
        { resource: 'daemonset', name: 'y' },
      ],
    });
    expect(
      operation('kubectl annotate es/x -n temporal force-sync=1700000000'),
    ).toMatchObject({
      kind: 'annotate',
      name: 'x',
      key: 'force-sync',
      value: { literal: '1700000000' },
      overwrite: false,
    });
    expect(
      operation(
        'kubectl annotate externalsecret x -n temporal "force-sync=$(date +%s)" --overwrite',
      ),
    ).toMatchObject({
      value: { unixTime: true },
      overwrite: true,
    });
    expect(
      operation(
        'flux reconcile hr temporal-server --with-source --force --reset',
      ),
    ).toEqual({
      kind: 'flux-reconcile',
      objectKind: 'HelmRelease',
      name: 'temporal-server',
      namespace: 'flux-system',
      withSource: true,
      force: true,
      reset: true,
    });
    expect(operation('flux suspend ks temporal')).toEqual({
      kind: 'flux-suspend',
      objectKind: 'Kustomization',
      name: 'temporal',
      namespace: 'flux-system',
    });
  });

  it('reads flux get', () => {
    expect(operation('flux get hr temporal-server')).toEqual({
      kind: 'flux-get',
      objectKind: 'HelmRelease',
      name: 'temporal-server',
      namespace: 'flux-system',
      filters: [],
    });
    expect(
      operation(
        'flux get sources git -n flux-system --status-selector ready=false',
      ),
    ).toEqual({
      kind: 'flux-get',
      objectKind: 'GitRepository',
      namespace: 'flux-system',
      statusSelector: 'ready=false',
      filters: [],
    });
  });

  it.each([
    ['kubectl get pods,svc -n temporal', 'several resource types'],
    ['kubectl get pods a b -n temporal', 'several names'],
    [
      'kubectl get widgets -n temporal',
      'does not read the resource type `widgets`',
    ],
    ['kubectl get pods -n temporal -w', 'watches until stopped'],
    ['kubectl get pods -n temporal --no-headers', 'with `--no-headers`'],
    ['kubectl logs deployment/x -n temporal -f', 'follows the log'],
    ['kubectl logs svc/x -n temporal', 'not `svc`'],
    ['kubectl rollout status deployment/x -n temporal', 'waits for a rollout'],
    ['kubectl rollout restart rs/x -n temporal', 'not `rs/x`'],
    [
      'kubectl annotate pod x -n temporal a=b',
      'only to force an ExternalSecret to sync',
    ],
    [
      'kubectl delete job x -n temporal',
      'only Jobs chosen by a label selector',
    ],
    [
      'kubectl delete pod x -n temporal',
      'only Jobs chosen by a label selector',
    ],
    ['kubectl apply -f x.yaml', 'belong in Git'],
    ['kubectl cnpg status postgresql-cluster -n cnpg-system', 'kubectl plugin'],
    ['kubectl get --raw /metrics', 'cannot scope'],
    ['flux suspend hr', 'exactly one named object'],
    [
      'flux reconcile source git flux-system',
      'reconciles only HelmReleases and Kustomizations',
    ],
    ['flux logs --kind=HelmRelease', 'not `flux logs`'],
    ['flux get all', 'not `all`'],
  ])('leaves %j to the operator', (command, reason) => {
    expect(plan(command)).toEqual({
      class: 'manual',
      reason: expect.stringContaining(reason),
      scope: expect.any(Array),
    });
  });

  it.each([
    [
      'flux reconcile ks temporal --force',
      '`--force` applies to HelmReleases only',
    ],
    [
      'kubectl logs deployment/x -n temporal --tail=lots',
      'is not a line count',
    ],
    ['kubectl get pods -n Temporal', 'not a valid namespace name'],
    ['kubectl get pods -n temporal -l "a=b;c"', 'not a label selector'],
    ['kubectl get', 'names no resource type'],
    ['kubectl', 'no subcommand'],
    ['# only a comment', 'only a comment'],
  ])('refuses %j', (command, reason) => {
    expect(plan(command)).toEqual({
      class: 'refused',
      reason: expect.stringContaining(reason),
    });
  });
});

describe('classifyRunbook', () => {
  it('keeps each step with its plan', () => {
    const steps = classifyRunbook(
      parseRunbookScript(
        '# Look first:\nkubectl get pods -n temporal\nflux resume hr temporal-server',
      ),
      temporal,
    );
    expect(steps.map(s => [s.index, s.line, s.comments, s.plan.class])).toEqual(
      [
        [0, 2, ['Look first:'], 'diagnostic'],
        [1, 3, [], 'action'],
      ],
    );
  });
});

describe('manual steps', () => {
  it.each([
    'kubectl get pods/a pods/b -n kube-system',
    "kubectl get pods -n kube-system -o go-template='{{.x}}'",
    'kubectl get pods a b -n kube-system',
  ])('are checked against the scope too: %j', command => {
    expect(plan(command)).toEqual({
      class: 'refused',
      reason: expect.stringContaining('Namespace kube-system belongs neither'),
    });
  });
});
