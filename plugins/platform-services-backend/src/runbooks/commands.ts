/**
 * What the kubectl and flux readers share: the answer they give, the flags
 * that choose a cluster or an identity, and the rules for names, namespaces
 * and selectors.
 */
import {
  dropPrefix,
  flags,
  FlagSpec,
  lastValue,
  leadingText,
  ParsedArgs,
  requireLiteral,
} from './args';
import {
  ActionOperation,
  DiagnosticOperation,
  KubectlGetOperation,
  ObjectName,
} from '@platform-services/plugin-platform-services-common';
import { ShellWord, ShellWordPart } from './parseCommandLine';
import { ScopeTouch } from './scope';
import { literalValue } from './tokenize';
import { manual, refuse } from './verdict';

/** What one `$(...)` of the line stands for. */
export type Substitution =
  | { kind: 'kubectl-get'; operation: KubectlGetOperation }
  | { kind: 'unix-time' };

export interface CommandEnv {
  /** The namespace a namespaced kubectl object is in when no `-n` is given: the service's. */
  defaultNamespace: string;
  /** Every `$(...)` of the line, judged before the command is read. */
  substitutions: Map<ShellWordPart, Substitution>;
  /** The `$(...)` parts a reader has given a meaning to. */
  used: Set<ShellWordPart>;
}

/** What a kubectl or flux command is, before the scope check. */
export type CommandReading =
  | { class: 'diagnostic'; operation: DiagnosticOperation }
  | { class: 'action'; operation: ActionOperation }
  | { class: 'manual'; reason: string; touches: ScopeTouch[] };

/** Flags that would choose the cluster, the user or the credentials. */
export const CLUSTER_AND_IDENTITY_FLAGS = flags(
  '--kubeconfig=',
  '--context=',
  '--cluster=',
  '--user=',
  '-s|--server=',
  '--token=',
  '--as=',
  '--as-group=',
  '--as-uid=',
  '--username=',
  '--password=',
  '--certificate-authority=',
  '--client-certificate=',
  '--client-key=',
  '--tls-server-name=',
  '--insecure-skip-tls-verify',
);

/**
 * Refuses flags the portal must decide itself: the cluster and identity
 * flags, and `-A`/`--all-namespaces`.
 */
export function refuseChosenScope(args: ParsedArgs, service: string) {
  for (const { name } of CLUSTER_AND_IDENTITY_FLAGS.values()) {
    if (args.values.has(name) || args.switches.has(name)) {
      throw refuse(
        `\`${name}\` chooses the cluster or the identity; the portal always ` +
          'uses its own connection and service account',
      );
    }
  }
  if (args.switches.has('--all-namespaces')) {
    throw refuse(
      `\`-A\`/\`--all-namespaces\` reaches every namespace; a step of ${service} ` +
        "may touch only its own and its upstreams' namespaces (name one with `-n`)",
    );
  }
}

/** Unknown flags: the backend would not know what they mean. */
export function refuseUnknownFlags(
  args: ParsedArgs,
  command: string,
  touches: ScopeTouch[],
) {
  if (args.unknown.length > 0) {
    throw manual(
      `the portal does not run \`${command}\` with \`${args.unknown[0]}\``,
      touches,
    );
  }
}

const DNS_SUBDOMAIN =
  /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const GLOB = /[*?[\]{}]/;

/** A Kubernetes object name: a DNS-1123 subdomain, never a pattern. */
export function validName(value: string, role = 'name'): string {
  if (GLOB.test(value)) {
    throw refuse(
      `the ${role} \`${value}\` is a pattern; steps name exact objects ` +
        '(kubectl does not expand patterns, and the portal reads no more than it names)',
    );
  }
  if (value.length > 253 || !DNS_SUBDOMAIN.test(value)) {
    throw refuse(`\`${value}\` is not a valid Kubernetes ${role}`);
  }
  return value;
}

/** `-n`, or the default namespace of the reader. */
export function namespaceOf(args: ParsedArgs, fallback: string): string {
  const word = lastValue(args, '--namespace');
  if (!word) return fallback;
  const value = requireLiteral(word, 'namespace');
  if (value.length > 63 || !DNS_LABEL.test(value)) {
    throw refuse(`\`${value}\` is not a valid namespace name`);
  }
  return value;
}

const SELECTOR = /^[A-Za-z0-9._/=!,() -]+$/;

/** A label selector (`-l`), if given. */
export function selectorOf(
  args: ParsedArgs,
  flag = '--selector',
): string | undefined {
  const word = lastValue(args, flag);
  if (!word) return undefined;
  const value = requireLiteral(word, 'label selector');
  if (!SELECTOR.test(value) || value.trim() === '') {
    throw refuse(`\`${value}\` is not a label selector`);
  }
  return value;
}

/**
 * An object name that may be computed by a nested read:
 * `$(kubectl get … -o jsonpath=…)` making up the whole name.
 */
export function objectName(
  word: ShellWord,
  env: CommandEnv,
  role = 'name',
): ObjectName {
  const literal = literalValue(word);
  if (literal !== undefined) return validName(literal, role);
  const parts = word.parts.filter(p => !(p.type === 'text' && p.value === ''));
  const substitution =
    parts.length === 1 ? env.substitutions.get(parts[0]) : undefined;
  if (substitution?.kind === 'kubectl-get') {
    env.used.add(parts[0]);
    return { from: substitution.operation };
  }
  if (substitution?.kind === 'unix-time') {
    throw refuse(
      '`$(date +%s)` is allowed only as the value of an ExternalSecret force-sync annotation',
    );
  }
  throw refuse(
    `the ${role} \`${word.text}\` is partly computed by the shell; a ` +
      '`$(kubectl get …)` must make up the whole name',
  );
}

/**
 * Splits `type/name` (the name possibly a `$(...)`) into its type and name
 * words; `undefined` when the word has no `/` before any expansion.
 */
export function splitTypedName(
  word: ShellWord,
): { type: string; name: ShellWord } | undefined {
  const text = leadingText(word);
  const slash = text.indexOf('/');
  if (slash === -1) return undefined;
  return { type: text.slice(0, slash), name: dropPrefix(word, slash + 1) };
}

/** Literal positional words, for manual steps' reasons. */
export function shown(words: ShellWord[]): string {
  return words.map(w => w.text).join(' ');
}

/**
 * Where the subcommand is among the words after the program: the first
 * positional, skipping flags (and the values of value flags) written before
 * it, as in `kubectl -n temporal get pods`. -1 when there is none.
 */
export function subcommandIndex(words: ShellWord[], spec: FlagSpec): number {
  for (let i = 0; i < words.length; i++) {
    const text = leadingText(words[i]);
    if (text === '--') return -1;
    if (!text.startsWith('-') || text.length === 1) return i;
    const long = text.startsWith('--');
    const name = long ? text.split('=')[0] : text.slice(0, 2);
    const attached = long ? text.includes('=') : text.length > 2;
    if (spec.get(name)?.takesValue && !attached) i++;
  }
  return -1;
}
