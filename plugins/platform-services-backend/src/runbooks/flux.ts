/**
 * Reading a `flux` command: `flux get` is a diagnostic; suspend, resume and
 * reconcile of a HelmRelease or Kustomization are actions; the rest is
 * manual, or refused when it changes Flux itself.
 */
import {
  flags,
  lastValue,
  parseArgs,
  ParsedArgs,
  requireLiteral,
  withFlags,
} from './args';
import {
  CLUSTER_AND_IDENTITY_FLAGS,
  CommandReading,
  namespaceOf,
  refuseChosenScope,
  refuseUnknownFlags,
  subcommandIndex,
  validName,
} from './commands';
import {
  FluxGetKind,
  FluxObjectOperation,
} from '@platform-services/plugin-platform-services-common';
import { ShellWord } from './parseCommandLine';
import { FluxObjectKind } from './resources';
import { ScopeTouch } from './scope';
import { literalValue } from './tokenize';
import { manual, refuse } from './verdict';

/** The flux CLI's default namespace. */
const FLUX_NAMESPACE = 'flux-system';

const GLOBAL = withFlags(
  flags('-n|--namespace=', '-A|--all-namespaces', '--timeout=', '--verbose'),
  CLUSTER_AND_IDENTITY_FLAGS,
);

const SPECS: Record<string, ReturnType<typeof flags>> = {
  get: flags('--status-selector=', '-w|--watch'),
  suspend: flags('--all'),
  resume: flags('--all'),
  reconcile: flags('--with-source', '--force', '--reset'),
};

const OBJECT_KINDS: Record<string, FluxObjectKind> = {
  helmrelease: 'HelmRelease',
  helmreleases: 'HelmRelease',
  hr: 'HelmRelease',
  kustomization: 'Kustomization',
  kustomizations: 'Kustomization',
  ks: 'Kustomization',
};

const SOURCE_KINDS: Record<string, FluxGetKind> = {
  git: 'GitRepository',
  helm: 'HelmRepository',
  chart: 'HelmChart',
  oci: 'OCIRepository',
  bucket: 'Bucket',
};

/** Subcommands that install, remove or re-bootstrap Flux for the whole cluster. */
const INSTALLATION = new Set(['install', 'uninstall', 'bootstrap']);

function word(w: ShellWord | undefined): string | undefined {
  return w && literalValue(w);
}

function get(args: ParsedArgs, namespace: string): CommandReading {
  const touches: ScopeTouch[] = [{ type: 'namespace', namespace }];
  const [kindWord, ...rest] = args.positionals;
  const kindName = word(kindWord);
  let objectKind: FluxGetKind | undefined = kindName
    ? OBJECT_KINDS[kindName]
    : undefined;
  if (!objectKind && (kindName === 'sources' || kindName === 'source')) {
    const source = word(rest.shift());
    objectKind = source ? SOURCE_KINDS[source] : undefined;
  }
  if (!objectKind) {
    throw manual(
      `the portal runs \`flux get\` of HelmReleases, Kustomizations and single source kinds, not \`${args.positionals
        .map(p => p.text)
        .join(' ')}\``,
      touches,
    );
  }
  if (args.switches.has('--watch')) {
    throw manual(
      '`flux get -w` watches until stopped; the page shows live state instead',
      touches,
    );
  }
  refuseUnknownFlags(args, 'flux get', touches);
  if (rest.length > 1)
    throw manual(
      '`flux get` of several names is not run by the portal',
      touches,
    );
  const statusSelector = lastValue(args, '--status-selector');
  return {
    class: 'diagnostic',
    operation: {
      kind: 'flux-get',
      objectKind,
      ...(rest[0] ? { name: validName(requireLiteral(rest[0], 'name')) } : {}),
      namespace,
      ...(statusSelector
        ? { statusSelector: requireLiteral(statusSelector, 'status selector') }
        : {}),
      filters: [],
    },
  };
}

function objectAction(
  subcommand: 'suspend' | 'resume' | 'reconcile',
  args: ParsedArgs,
  namespace: string,
): CommandReading {
  const touches: ScopeTouch[] = [{ type: 'namespace', namespace }];
  const [kindWord, ...names] = args.positionals;
  const kindName = word(kindWord);
  const objectKind = kindName ? OBJECT_KINDS[kindName] : undefined;
  if (!objectKind) {
    throw manual(
      `the portal runs \`flux ${subcommand}\` of HelmReleases and Kustomizations only, not \`${
        kindWord?.text ?? ''
      }\``,
      touches,
    );
  }
  if (args.switches.has('--all')) {
    throw refuse(
      `\`flux ${subcommand} --all\` acts on every ${objectKind} in ${namespace}, not only the service's own`,
    );
  }
  refuseUnknownFlags(args, `flux ${subcommand}`, touches);
  if (names.length !== 1) {
    throw manual(
      `the portal runs \`flux ${subcommand}\` of exactly one named object`,
      touches,
    );
  }
  const helmOnly = ['--force', '--reset'].find(f => args.switches.has(f));
  if (helmOnly && objectKind !== 'HelmRelease') {
    throw refuse(`\`${helmOnly}\` applies to HelmReleases only`);
  }
  const operation: FluxObjectOperation = {
    kind: `flux-${subcommand}`,
    objectKind,
    name: validName(requireLiteral(names[0], 'name')),
    namespace,
    ...(args.switches.has('--with-source') ? { withSource: true } : {}),
    ...(args.switches.has('--force') ? { force: true } : {}),
    ...(args.switches.has('--reset') ? { reset: true } : {}),
  };
  return { class: 'action', operation };
}

function manualSubcommand(
  subcommand: string,
  args: ParsedArgs,
  namespace: string,
): CommandReading {
  if (INSTALLATION.has(subcommand)) {
    throw refuse(
      `\`flux ${subcommand}\` changes the Flux installation of the whole cluster`,
    );
  }
  const [kindWord, nameWord] = args.positionals;
  const kind = word(kindWord);
  const name = word(nameWord);
  const objectKind = kind ? OBJECT_KINDS[kind] : undefined;
  const touches: ScopeTouch[] =
    objectKind && name
      ? [{ type: 'flux-object', kind: objectKind, name, namespace }]
      : [{ type: 'namespace', namespace }];
  const reason =
    subcommand === 'reconcile'
      ? `the portal reconciles only HelmReleases and Kustomizations, not \`${
          kindWord?.text ?? ''
        }\``
      : `the portal runs \`flux get\`, \`suspend\`, \`resume\` and \`reconcile\` only, not \`flux ${subcommand}\``;
  return { class: 'manual', reason, touches };
}

/**
 * Reads the words after `flux`. Namespaces default to `flux-system`, as in
 * the flux CLI.
 *
 * @throws StepVerdict for a manual or refused step found while reading.
 */
export function readFlux(words: ShellWord[], service: string): CommandReading {
  const index = subcommandIndex(words, GLOBAL);
  if (index === -1) throw refuse('`flux` is given no subcommand');
  const subcommand = requireLiteral(words[index], 'flux subcommand');
  const args = parseArgs(
    [...words.slice(0, index), ...words.slice(index + 1)],
    withFlags(GLOBAL, SPECS[subcommand] ?? new Map()),
  );
  refuseChosenScope(args, service);
  const namespace = namespaceOf(args, FLUX_NAMESPACE);
  if (subcommand === 'get') return get(args, namespace);
  if (subcommand === 'suspend' || subcommand === 'resume') {
    return objectAction(subcommand, args, namespace);
  }
  if (
    subcommand === 'reconcile' &&
    OBJECT_KINDS[word(args.positionals[0]) ?? '']
  ) {
    return objectAction(subcommand, args, namespace);
  }
  return manualSubcommand(subcommand, args, namespace);
}
