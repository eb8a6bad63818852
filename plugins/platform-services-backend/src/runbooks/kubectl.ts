/**
 * Reading a `kubectl` command: the read-only forms become diagnostics, the
 * few changes the portal offers become actions, and everything else is a
 * manual step or refused.
 */
import {
  FlagSpec,
  flags,
  lastValue,
  parseArgs,
  ParsedArgs,
  requireLiteral,
  withFlags,
} from './args';
import {
  CLUSTER_AND_IDENTITY_FLAGS,
  CommandEnv,
  CommandReading,
  namespaceOf,
  objectName,
  refuseChosenScope,
  refuseUnknownFlags,
  selectorOf,
  shown,
  splitTypedName,
  subcommandIndex,
  validName,
} from './commands';
import {
  AnnotateOperation,
  GetOutput,
  KubectlGetOperation,
  LogsTarget,
  ObjectName,
  RolloutRestartOperation,
} from '@platform-services/plugin-platform-services-common';
import { ShellWord } from './parseCommandLine';
import { isSecretTypeName, resourceType, ResourceType } from './resources';
import { ScopeTouch } from './scope';
import {
  columnShowsOnlyMetadata,
  jsonPathExpressions,
  jsonPathShowsOnlyMetadata,
} from './secrets';
import { literalValue } from './tokenize';
import { manual, refuse, refuseSecret, StepVerdict } from './verdict';

const GLOBAL = withFlags(
  flags(
    '-n|--namespace=',
    '-A|--all-namespaces',
    '--request-timeout=',
    '-v|--v=',
  ),
  CLUSTER_AND_IDENTITY_FLAGS,
);

const SPECS: Record<string, FlagSpec> = {
  get: flags(
    '-l|--selector=',
    '-o|--output=',
    '--sort-by=',
    '--show-labels',
    '-L|--label-columns=',
    '--field-selector=',
    '-w|--watch',
    '--watch-only',
    '--raw=',
    '-f|--filename=',
    '-k|--kustomize=',
  ),
  describe: flags('-l|--selector='),
  logs: flags(
    '-c|--container=',
    '--tail=',
    '-p|--previous',
    '--since=',
    '--timestamps',
    '-f|--follow',
    '--all-containers',
    '-l|--selector=',
  ),
  top: flags('-l|--selector=', '--containers'),
  annotate: flags('--overwrite', '-l|--selector=', '--all'),
  delete: flags('-l|--selector=', '--all', '-f|--filename=', '-k|--kustomize='),
  rollout: flags('-l|--selector='),
  // Manual subcommands: only the value flags, so that the namespace is found.
  exec: flags('-c|--container=', '-i|--stdin', '-t|--tty', '-q|--quiet'),
  run: flags(
    '--image=',
    '--rm',
    '-i|--stdin',
    '-t|--tty',
    '--restart=',
    '--env=',
    '--overrides=',
    '--labels=',
    '--port=',
    '--image-pull-policy=',
    '--annotations=',
  ),
  'port-forward': flags('--address=', '--pod-running-timeout='),
};

function specFor(subcommand: string): FlagSpec {
  return withFlags(GLOBAL, SPECS[subcommand] ?? new Map());
}

function namespaceTouch(namespace: string): ScopeTouch[] {
  return [{ type: 'namespace', namespace }];
}

/** `TYPE NAME...` or `TYPE/NAME`: the type name as written and the name words. */
function typeAndNames(
  positionals: ShellWord[],
  command: string,
): { typeName: string; names: ShellWord[] } {
  if (positionals.length === 0)
    throw refuse(`\`${command}\` names no resource type`);
  const [first, ...others] = positionals;
  const typed = splitTypedName(first);
  if (typed) {
    if (others.length > 0) {
      throw manual(
        `\`${command}\` of several objects at once is not run by the portal`,
      );
    }
    return { typeName: typed.type, names: [typed.name] };
  }
  return { typeName: requireLiteral(first, 'resource type'), names: others };
}

function knownType(
  typeName: string,
  command: string,
  touches: ScopeTouch[],
): ResourceType {
  if (typeName.includes(',')) {
    throw manual(
      `\`${command}\` of several resource types (\`${typeName}\`) is not run by the portal; use one step per type`,
      touches,
    );
  }
  const resource = resourceType(typeName);
  if (!resource) {
    throw manual(
      `the portal does not read the resource type \`${typeName}\``,
      touches,
    );
  }
  return resource;
}

function singleName(
  names: ShellWord[],
  env: CommandEnv,
  command: string,
): ObjectName | undefined {
  if (names.length > 1) {
    throw manual(
      `\`${command}\` of several names at once is not run by the portal`,
    );
  }
  return names.length === 1 ? objectName(names[0], env) : undefined;
}

/** `-o`: the formats the backend renders, and the Secret rule. */
function outputOf(args: ParsedArgs, isSecret: boolean): GetOutput | undefined {
  const word = lastValue(args, '--output');
  if (!word) return undefined;
  const value = requireLiteral(word, 'output format');
  if (value === 'yaml' || value === 'json') {
    if (isSecret) {
      throw refuseSecret(
        `\`-o ${value}\` of a Secret prints its data, its secret values`,
      );
    }
    return { format: value };
  }
  if (value === 'wide' || value === 'name') return { format: value };
  const eq = value.indexOf('=');
  const format = eq === -1 ? value : value.slice(0, eq);
  const spec = value.slice(eq + 1);
  if (format === 'jsonpath') {
    if (isSecret && !jsonPathShowsOnlyMetadata(spec)) {
      throw refuseSecret(
        `\`-o jsonpath='${spec}'\` would reveal the Secret's data, its secret values; only a Secret's metadata may be read`,
      );
    }
    if (!jsonPathExpressions(spec)?.length) {
      throw refuse(`\`${spec}\` is not a JSONPath template`);
    }
    return { format: 'jsonpath', expression: spec };
  }
  if (format === 'custom-columns') {
    const columns = spec.split(',').map(column => {
      const colon = column.indexOf(':');
      if (colon <= 0)
        throw refuse(`\`${column}\` is not a custom column (HEADER:PATH)`);
      return {
        header: column.slice(0, colon),
        expression: column.slice(colon + 1),
      };
    });
    if (
      isSecret &&
      !columns.every(c => columnShowsOnlyMetadata(c.expression))
    ) {
      throw refuseSecret(
        "these custom columns would reveal the Secret's data, its secret values; only a Secret's metadata may be read",
      );
    }
    return { format: 'custom-columns', columns };
  }
  if (isSecret) {
    throw refuseSecret(
      `\`-o ${format}\` of a Secret can print its data, its secret values`,
    );
  }
  throw manual(`the portal does not render \`-o ${format}\``);
}

function labelColumns(args: ParsedArgs): string[] {
  return (args.values.get('--label-columns') ?? []).flatMap(w =>
    requireLiteral(w, 'label column').split(','),
  );
}

function get(args: ParsedArgs, env: CommandEnv): CommandReading {
  const raw = lastValue(args, '--raw');
  if (raw) {
    const path = requireLiteral(raw, 'API path');
    if (/secrets/i.test(path)) {
      throw refuseSecret(`\`--raw ${path}\` reads Secrets, data included`);
    }
    throw manual(
      `\`kubectl get --raw\` reads an arbitrary API path (\`${path}\`), which the portal cannot scope`,
    );
  }
  if (args.values.has('--filename') || args.values.has('--kustomize')) {
    throw manual('`kubectl get -f` reads objects named in local files');
  }
  // The Secret rule comes before anything else: whether a step reveals a
  // secret must not depend on other details of the command.
  const first = args.positionals[0];
  const typeText = first
    ? splitTypedName(first)?.type ?? literalValue(first) ?? ''
    : '';
  const output = outputOf(args, typeText.split(',').some(isSecretTypeName));
  const { typeName, names } = typeAndNames(args.positionals, 'kubectl get');
  const namespace = namespaceOf(args, env.defaultNamespace);
  const touches = namespaceTouch(namespace);
  const resource = knownType(typeName, 'kubectl get', touches);
  if (args.switches.has('--watch') || args.switches.has('--watch-only')) {
    throw manual(
      '`kubectl get -w` watches until stopped; the page shows live state instead',
      touches,
    );
  }
  refuseUnknownFlags(args, 'kubectl get', touches);
  const name = singleName(names, env, 'kubectl get');
  const selector = selectorOf(args);
  const fieldSelector = lastValue(args, '--field-selector');
  const sortBy = lastValue(args, '--sort-by');
  const operation: KubectlGetOperation = {
    kind: 'kubectl-get',
    resource,
    ...(name !== undefined ? { name } : {}),
    ...(resource.namespaced ? { namespace } : {}),
    ...(selector ? { selector } : {}),
    ...(fieldSelector
      ? { fieldSelector: requireLiteral(fieldSelector, 'field selector') }
      : {}),
    ...(output ? { output } : {}),
    ...(sortBy ? { sortBy: requireLiteral(sortBy, 'sort path') } : {}),
    showLabels: args.switches.has('--show-labels'),
    labelColumns: labelColumns(args),
    filters: [],
  };
  return { class: 'diagnostic', operation };
}

function describe(args: ParsedArgs, env: CommandEnv): CommandReading {
  const { typeName, names } = typeAndNames(
    args.positionals,
    'kubectl describe',
  );
  const namespace = namespaceOf(args, env.defaultNamespace);
  const touches = namespaceTouch(namespace);
  const resource = knownType(typeName, 'kubectl describe', touches);
  refuseUnknownFlags(args, 'kubectl describe', touches);
  const name = singleName(names, env, 'kubectl describe');
  const selector = selectorOf(args);
  return {
    class: 'diagnostic',
    operation: {
      kind: 'kubectl-describe',
      resource,
      ...(name !== undefined ? { name } : {}),
      ...(resource.namespaced ? { namespace } : {}),
      ...(selector ? { selector } : {}),
      filters: [],
    },
  };
}

const LOG_WORKLOADS: Record<
  string,
  'pod' | 'job' | 'deployment' | 'statefulset' | 'daemonset'
> = {
  pod: 'pod',
  pods: 'pod',
  po: 'pod',
  job: 'job',
  jobs: 'job',
  deployment: 'deployment',
  deployments: 'deployment',
  deploy: 'deployment',
  statefulset: 'statefulset',
  statefulsets: 'statefulset',
  sts: 'statefulset',
  daemonset: 'daemonset',
  daemonsets: 'daemonset',
  ds: 'daemonset',
};

function logs(args: ParsedArgs, env: CommandEnv): CommandReading {
  const namespace = namespaceOf(args, env.defaultNamespace);
  const touches = namespaceTouch(namespace);
  if (args.switches.has('--follow')) {
    throw manual(
      '`kubectl logs -f` follows the log until stopped; the portal reads a fixed number of lines',
      touches,
    );
  }
  refuseUnknownFlags(args, 'kubectl logs', touches);
  const selector = selectorOf(args);
  const [first, second, ...extra] = args.positionals;
  let target: LogsTarget;
  let container = lastValue(args, '--container');
  if (selector) {
    if (first)
      throw refuse('`kubectl logs` takes either `-l` or an object, not both');
    target = { selector };
  } else {
    if (!first) throw refuse('`kubectl logs` names no pod or workload');
    if (extra.length > 0)
      throw refuse('`kubectl logs` takes one object and at most one container');
    const typed = splitTypedName(first);
    const workload = typed ? LOG_WORKLOADS[typed.type.toLowerCase()] : 'pod';
    if (!workload) {
      throw manual(
        `the portal reads logs of pods, jobs, deployments, statefulsets and daemonsets, not \`${
          typed!.type
        }\``,
        touches,
      );
    }
    target = { workload, name: objectName(typed ? typed.name : first, env) };
    // `kubectl logs POD CONTAINER`, the old spelling of `-c`.
    if (second && !container) container = second;
    else if (second) throw refuse('`kubectl logs` names the container twice');
  }
  const tailWord = lastValue(args, '--tail');
  const tail = tailWord
    ? requireLiteral(tailWord, '`--tail` count')
    : undefined;
  if (tail !== undefined && !/^(-1|\d+)$/.test(tail)) {
    throw refuse(`\`--tail=${tail}\` is not a line count`);
  }
  const sinceWord = lastValue(args, '--since');
  const since = sinceWord
    ? requireLiteral(sinceWord, '`--since` duration')
    : undefined;
  if (since !== undefined && !/^(\d+(ms|s|m|h))+$/.test(since)) {
    throw refuse(`\`--since=${since}\` is not a duration such as 30m`);
  }
  return {
    class: 'diagnostic',
    operation: {
      kind: 'kubectl-logs',
      target,
      namespace,
      ...(container
        ? {
            container: validName(
              requireLiteral(container, 'container'),
              'container name',
            ),
          }
        : {}),
      allContainers: args.switches.has('--all-containers'),
      ...(tail !== undefined && tail !== '-1' ? { tail: Number(tail) } : {}),
      previous: args.switches.has('--previous'),
      ...(since ? { since } : {}),
      timestamps: args.switches.has('--timestamps'),
      filters: [],
    },
  };
}

function top(args: ParsedArgs, env: CommandEnv): CommandReading {
  const namespace = namespaceOf(args, env.defaultNamespace);
  const touches = namespaceTouch(namespace);
  const [what, nameWord, ...extra] = args.positionals;
  const kind = what && literalValue(what);
  if (kind === 'node' || kind === 'nodes' || kind === 'no') {
    throw manual('`kubectl top nodes` reads node metrics', [
      { type: 'cluster-objects', kind: 'Node' },
    ]);
  }
  if (kind !== 'pod' && kind !== 'pods' && kind !== 'po') {
    throw manual('the portal runs `kubectl top pods` only', touches);
  }
  if (extra.length > 0)
    throw manual(
      '`kubectl top pods` of several pods is not run by the portal',
      touches,
    );
  refuseUnknownFlags(args, 'kubectl top pods', touches);
  const selector = selectorOf(args);
  return {
    class: 'diagnostic',
    operation: {
      kind: 'kubectl-top-pods',
      ...(nameWord
        ? { name: validName(requireLiteral(nameWord, 'pod name')) }
        : {}),
      namespace,
      ...(selector ? { selector } : {}),
      containers: args.switches.has('--containers'),
      filters: [],
    },
  };
}

/** The one annotation the portal sets: `force-sync=<value>` on an ExternalSecret. */
const FORCE_SYNC = 'force-sync';

function annotate(args: ParsedArgs, env: CommandEnv): CommandReading {
  const namespace = namespaceOf(args, env.defaultNamespace);
  const touches = namespaceTouch(namespace);
  const notForceSync = () =>
    manual(
      'the portal runs `kubectl annotate` only to force an ExternalSecret to sync ' +
        '(`kubectl annotate externalsecret NAME force-sync=$(date +%s) --overwrite`)',
      touches,
    );
  const [first, ...others] = args.positionals;
  if (!first) throw refuse('`kubectl annotate` names no object');
  const typed = splitTypedName(first);
  const typeName = typed ? typed.type : requireLiteral(first, 'resource type');
  const nameWord = typed ? typed.name : others.shift();
  const resource = resourceType(typeName);
  if (
    resource?.kind !== 'ExternalSecret' ||
    !nameWord ||
    others.length !== 1 ||
    args.switches.has('--all') ||
    args.values.has('--selector') ||
    args.unknown.length > 0
  ) {
    throw notForceSync();
  }
  const annotation = others[0];
  const text =
    annotation.parts[0]?.type === 'text' ? annotation.parts[0].value : '';
  if (!text.startsWith(`${FORCE_SYNC}=`)) throw notForceSync();
  const valueParts = annotation.parts.slice(1);
  const literalRest = text.slice(FORCE_SYNC.length + 1);
  let value: AnnotateOperation['value'];
  if (valueParts.length === 0) {
    value = { literal: literalRest };
  } else if (
    literalRest === '' &&
    valueParts.length === 1 &&
    env.substitutions.get(valueParts[0])?.kind === 'unix-time'
  ) {
    env.used.add(valueParts[0]);
    value = { unixTime: true };
  } else {
    throw refuse(
      'a force-sync value may be computed only by `$(date +%s)`, the current Unix time',
    );
  }
  return {
    class: 'action',
    operation: {
      kind: 'annotate',
      resource,
      name: validName(requireLiteral(nameWord, 'name')),
      namespace,
      key: FORCE_SYNC,
      value,
      overwrite: args.switches.has('--overwrite'),
    },
  };
}

function del(args: ParsedArgs, env: CommandEnv): CommandReading {
  const namespace = namespaceOf(args, env.defaultNamespace);
  const touches = namespaceTouch(namespace);
  if (args.values.has('--filename') || args.values.has('--kustomize')) {
    throw manual(
      '`kubectl delete -f` deletes objects named in local files',
      touches,
    );
  }
  const { typeName, names } = typeAndNames(args.positionals, 'kubectl delete');
  const resource = knownType(typeName, 'kubectl delete', touches);
  if (resource.kind === 'Namespace') {
    throw refuse(
      '`kubectl delete namespace` deletes a whole namespace and everything in it; the portal never offers this',
    );
  }
  if (!resource.namespaced) {
    throw refuse(
      `\`kubectl delete ${typeName}\` deletes a cluster-scoped ${resource.kind}; the portal never offers this`,
    );
  }
  if (args.switches.has('--all')) {
    throw refuse(
      `\`kubectl delete ${typeName} --all\` deletes every ${resource.kind} in ${namespace}`,
    );
  }
  const selector = selectorOf(args);
  if (
    resource.kind !== 'Job' ||
    !selector ||
    names.length > 0 ||
    args.unknown.length > 0
  ) {
    throw manual(
      'the portal deletes only Jobs chosen by a label selector (`kubectl delete jobs -l …`); ' +
        `this deletes ${
          names.length > 0 ? shown(names) : `${resource.plural}`
        } in ${namespace}`,
      touches,
    );
  }
  return {
    class: 'action',
    operation: { kind: 'delete-jobs', namespace, selector },
  };
}

const RESTARTABLE: Record<
  string,
  RolloutRestartOperation['targets'][number]['resource']
> = {
  deployment: 'deployment',
  deployments: 'deployment',
  deploy: 'deployment',
  statefulset: 'statefulset',
  statefulsets: 'statefulset',
  sts: 'statefulset',
  daemonset: 'daemonset',
  daemonsets: 'daemonset',
  ds: 'daemonset',
};

function rollout(args: ParsedArgs, env: CommandEnv): CommandReading {
  const namespace = namespaceOf(args, env.defaultNamespace);
  const touches = namespaceTouch(namespace);
  const [verbWord, ...objects] = args.positionals;
  const verb = verbWord && literalValue(verbWord);
  if (verb !== 'restart') {
    throw manual(
      verb === 'status'
        ? '`kubectl rollout status` waits for a rollout to finish; the page shows rollouts live'
        : `the portal runs \`kubectl rollout restart\` only, not \`rollout ${
            verb ?? ''
          }\``,
      touches,
    );
  }
  refuseUnknownFlags(args, 'kubectl rollout restart', touches);
  if (args.values.has('--selector') || objects.length === 0) {
    throw manual('the portal restarts workloads it is given by name', touches);
  }
  const targets: RolloutRestartOperation['targets'] = [];
  const [first, ...rest] = objects;
  if (splitTypedName(first)) {
    for (const word of objects) {
      const typed = splitTypedName(word);
      const resource = typed && RESTARTABLE[typed.type.toLowerCase()];
      if (!typed || !resource) {
        throw manual(
          `the portal restarts deployments, statefulsets and daemonsets, not \`${word.text}\``,
          touches,
        );
      }
      targets.push({
        resource,
        name: validName(requireLiteral(typed.name, 'name')),
      });
    }
  } else {
    const resource =
      RESTARTABLE[requireLiteral(first, 'resource type').toLowerCase()];
    if (!resource || rest.length === 0) {
      throw manual(
        `the portal restarts deployments, statefulsets and daemonsets, not \`${first.text}\``,
        touches,
      );
    }
    for (const word of rest)
      targets.push({ resource, name: validName(requireLiteral(word, 'name')) });
  }
  return {
    class: 'action',
    operation: { kind: 'rollout-restart', namespace, targets },
  };
}

/** Why the portal leaves a subcommand to the operator. */
const MANUAL_REASONS: Record<string, (rest: ShellWord[]) => string> = {
  exec: rest =>
    `\`kubectl exec\` runs ${
      rest[0] ? `\`${rest[0].text}\`` : 'a command'
    } inside a container; the portal never runs commands in containers`,
  run: () => '`kubectl run` starts a new pod; the portal does not create pods',
  'port-forward': () =>
    '`kubectl port-forward` opens a tunnel to your own machine; only you can use it',
  attach: () => '`kubectl attach` connects your terminal to a container',
  cp: () => '`kubectl cp` copies files between a container and your machine',
  debug: () => '`kubectl debug` starts a debugging container',
  proxy: () => '`kubectl proxy` serves the API on your machine',
  auth: () =>
    '`kubectl auth` checks your own permissions, which only your terminal has',
  wait: () =>
    '`kubectl wait` waits for a condition; the page shows live state instead',
  events: () =>
    "the portal does not run `kubectl events`; the page shows the objects' conditions",
};
/** Subcommands that change objects outside the portal's few actions. */
const CHANGES = new Set([
  'apply',
  'create',
  'edit',
  'patch',
  'replace',
  'scale',
  'set',
  'label',
  'autoscale',
  'expose',
]);
/** The other subcommands kubectl has; any other is a plugin. */
const OTHER_BUILTINS = new Set([
  'alpha',
  'api-resources',
  'api-versions',
  'cluster-info',
  'completion',
  'diff',
  'explain',
  'help',
  'kustomize',
  'options',
  'plugin',
  'version',
]);
/** Subcommands that act on nodes. */
const NODE_COMMANDS = new Set(['cordon', 'uncordon', 'drain', 'taint']);

function manualSubcommand(
  subcommand: string,
  args: ParsedArgs,
  env: CommandEnv,
): CommandReading {
  if (subcommand === 'config') {
    throw refuse(
      '`kubectl config` reads or changes the kubeconfig: the cluster, the identity and its credentials',
    );
  }
  if (subcommand === 'certificate') {
    throw refuse(
      '`kubectl certificate` approves or denies certificate requests, which grant identities',
    );
  }
  if (NODE_COMMANDS.has(subcommand)) {
    throw manual(`\`kubectl ${subcommand}\` acts on nodes`, [
      { type: 'cluster-objects', kind: 'Node' },
    ]);
  }
  const namespace = namespaceOf(args, env.defaultNamespace);
  const touches = namespaceTouch(namespace);
  let reason = MANUAL_REASONS[subcommand]?.(args.rest);
  if (!reason && CHANGES.has(subcommand)) {
    reason = `\`kubectl ${subcommand}\` changes objects outside the portal's actions; changes to what Flux deploys belong in Git`;
  }
  if (!reason && OTHER_BUILTINS.has(subcommand)) {
    reason = `the portal does not run \`kubectl ${subcommand}\``;
  }
  reason ??= `\`kubectl ${subcommand}\` is a kubectl plugin, which the portal does not run`;
  return { class: 'manual', reason, touches };
}

const READERS: Record<
  string,
  (args: ParsedArgs, env: CommandEnv) => CommandReading
> = {
  get,
  describe,
  logs,
  top,
  annotate,
  delete: del,
  rollout,
};

/**
 * Reads the words after `kubectl`.
 *
 * @throws StepVerdict for a manual or refused step found while reading.
 */
export function readKubectl(
  words: ShellWord[],
  env: CommandEnv,
  service: string,
): CommandReading {
  const index = subcommandIndex(words, GLOBAL);
  if (index === -1) throw refuse('`kubectl` is given no subcommand');
  const subcommand = requireLiteral(words[index], 'kubectl subcommand');
  const args = parseArgs(
    [...words.slice(0, index), ...words.slice(index + 1)],
    specFor(subcommand),
  );
  refuseChosenScope(args, service);
  const reader = READERS[subcommand];
  try {
    return reader ? reader(args, env) : manualSubcommand(subcommand, args, env);
  } catch (e) {
    // A manual step is still checked against the scope: by its namespace
    // when the reader found nothing more precise.
    if (
      e instanceof StepVerdict &&
      e.outcome === 'manual' &&
      !e.touches.length
    ) {
      throw manual(
        e.reason,
        namespaceTouch(namespaceOf(args, env.defaultNamespace)),
      );
    }
    throw e;
  }
}
