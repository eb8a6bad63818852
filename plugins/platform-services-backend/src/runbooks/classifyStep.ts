/**
 * Classifying runbook steps: what the portal may run for the operator
 * (diagnostics, actions), what it only shows (manual) and what it refuses.
 *
 * The command is read, never run: the text is tokenized and parsed as shell,
 * every construct a shell would evaluate is judged, and the kubectl or flux
 * command is turned into a typed operation checked against the service's
 * scope.
 */
import { CommandEnv, CommandReading, Substitution } from './commands';
import { RunbookContext } from './context';
import { describeFilters, describeGrants, describeOperation } from './explain';
import { outputFilter } from './filters';
import { readFlux } from './flux';
import { readKubectl } from './kubectl';
import type {
  ActionOperation,
  DiagnosticOperation,
  RunbookStep,
  StepClass,
} from '@platform-services/plugin-platform-services-common';
import {
  CommandLine,
  ListSeparator,
  parseCommandLine,
  Pipeline,
  ShellWord,
  ShellWordPart,
  SimpleCommand,
} from './parseCommandLine';
import { checkScope, checkTouches, ScopeGrant, touchesOf } from './scope';
import { literalValue, ShellSyntaxError } from './tokenize';
import { StepVerdict } from './verdict';

/** The longest step the portal reads, in characters. @public */
export const MAX_STEP_LENGTH = 4096;

export type { StepClass };

/**
 * What the portal does with one runbook step.
 *
 * - `diagnostic`: a read the backend runs through the Kubernetes API,
 *   output filters included; no shell is involved.
 * - `action`: a change the backend runs when the operator asks.
 * - `manual`: shown with a copy button; the operator runs it.
 * - `refused`: not run and not offered to run, for the reason given.
 *
 * @public
 */
export type StepPlan =
  | {
      class: 'diagnostic';
      reason: string;
      operation: DiagnosticOperation;
      scope: ScopeGrant[];
    }
  | {
      class: 'action';
      reason: string;
      operation: ActionOperation;
      scope: ScopeGrant[];
    }
  | { class: 'manual'; reason: string; scope: ScopeGrant[] }
  | { class: 'refused'; reason: string };

/** A runbook step with its plan. @public */
export interface ClassifiedStep extends RunbookStep {
  plan: StepPlan;
}

interface Problem {
  reason: string;
  revealsSecret: boolean;
}

/** Programs that run other commands or command strings. */
const RUNNERS: Record<string, string> = {
  sh: 'runs a shell, which would run any command string',
  bash: 'runs a shell, which would run any command string',
  zsh: 'runs a shell, which would run any command string',
  dash: 'runs a shell, which would run any command string',
  ksh: 'runs a shell, which would run any command string',
  fish: 'runs a shell, which would run any command string',
  eval: 'runs a string as a command',
  exec: 'replaces the shell with another program',
  source: 'runs the commands of a file',
  '.': 'runs the commands of a file',
  xargs: 'runs a command built from its input',
  env: 'runs a program with a changed environment',
  sudo: 'runs a command as another user',
  su: 'runs a command as another user',
  doas: 'runs a command as another user',
  nohup: 'runs another command',
  timeout: 'runs another command',
  watch: 'runs another command repeatedly',
  nice: 'runs another command',
  time: 'runs another command',
  command: 'runs another command',
  builtin: 'runs a shell builtin',
  setsid: 'runs another command',
  parallel: 'runs other commands',
};

/** Programs that change files or processes on the operator's machine. */
const LOCAL_CHANGES = new Set([
  'rm',
  'rmdir',
  'dd',
  'shred',
  'truncate',
  'mv',
  'cp',
  'ln',
  'chmod',
  'chown',
  'chgrp',
  'kill',
  'killall',
  'pkill',
  'shutdown',
  'reboot',
  'halt',
  'poweroff',
  'tee',
  'mkfs',
]);

const RESERVED_WORDS = new Set([
  'if',
  'then',
  'else',
  'elif',
  'fi',
  'for',
  'while',
  'until',
  'do',
  'done',
  'case',
  'esac',
  'function',
  'select',
  '{',
  '}',
  '!',
  '[[',
  ']]',
]);

/** Why the portal leaves a program other than kubectl and flux to the operator. */
const TOOLS: Record<string, string> = {
  curl: 'makes an HTTP request from your machine',
  wget: 'makes an HTTP request from your machine',
  psql: 'is a database client',
  'redis-cli': 'is a Redis client',
  awslocal: 'is the LocalStack AWS client',
  aws: 'is the AWS client',
  grpcurl: 'is a gRPC client',
  echo: 'only prints text',
  printf: 'only prints text',
  grep: 'searches files on your machine',
  helm: 'talks to the cluster outside Flux, which manages these releases',
  openssl: 'is a local crypto tool',
};

const SEPARATOR_TEXT: Record<ListSeparator, string> = {
  ';': '`;` runs a second command after the first',
  '\n': 'a new line starts a second command',
  '&&': '`&&` chains a second command',
  '||': '`||` runs a second command when the first fails',
  '&': '`&` runs the first command in the background and goes on to a second',
};

function codePoint(ch: string): string {
  return `U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
}

/** Problems with the text itself, before it is read as shell. */
function textProblem(command: string): string | undefined {
  if (command.length > MAX_STEP_LENGTH) {
    return `the step is ${command.length} characters long; the portal reads steps of up to ${MAX_STEP_LENGTH}`;
  }
  if (command.trim() === '') return 'the step is empty';
  for (const ch of command) {
    if (ch === '\t' || ch === '\n') continue;
    if (/\p{Cc}/u.test(ch))
      return `the step contains the control character ${codePoint(ch)}`;
    if (/[\p{Cf}\p{Zl}\p{Zp}]/u.test(ch)) {
      return `the step contains the invisible character ${codePoint(
        ch,
      )}, which can make it read differently from what would run`;
    }
  }
  return undefined;
}

const ALLOWED_SUBSTITUTIONS =
  'only `$(date +%s)` (a force-sync value) and `$(kubectl get … -o jsonpath=…)` (an object name) may be computed';

function programOf(pipeline: Pipeline): string {
  const first = pipeline.commands[0];
  const word = first.type === 'simple' ? first.words[0] : undefined;
  return (word && literalValue(word)) ?? '…';
}

function isBase64Decode(command: SimpleCommand): boolean {
  const [program, ...args] = command.words.map(w => literalValue(w) ?? '');
  return (
    program === 'base64' &&
    args.some(a => a === '--decode' || /^-[a-zA-Z]*[dD]/.test(a))
  );
}

const EXPANSIONS: Record<string, (source: string) => string> = {
  parameter: s =>
    `\`${s}\` expands a shell variable; the portal never expands variables`,
  arithmetic: s => `\`${s}\` is shell arithmetic`,
  backtick: s => `backticks (\`\` ${s} \`\`) run a command`,
  'ansi-c-string': s => `\`${s}\` is decoded by the shell`,
  'locale-string': s => `\`${s}\` is translated by the shell`,
  'process-substitution': s => `\`${s}\` runs a command`,
};

/**
 * The shell-level review of a command line: everything a shell would do
 * besides running one command with literal arguments is a problem, except
 * the two allowed `$(...)` forms, which it records for the readers.
 */
class ShellReview {
  readonly problems: Problem[] = [];
  readonly substitutions = new Map<ShellWordPart, Substitution>();

  constructor(private readonly context: RunbookContext) {}

  private problem(reason: string, revealsSecret = false) {
    if (!this.problems.some(p => p.reason === reason)) {
      this.problems.push({ reason, revealsSecret });
    }
  }

  line(line: CommandLine, nested: boolean) {
    line.items.forEach((item, i) => {
      const next = line.items[i + 1];
      if (next) {
        this.problem(
          `${SEPARATOR_TEXT[item.separator!]} (\`${programOf(
            next.pipeline,
          )}\`); a step is one command`,
        );
      }
      this.pipeline(item.pipeline, nested);
    });
  }

  private pipeline(pipeline: Pipeline, nested: boolean) {
    if (pipeline.pipes.includes('|&'))
      this.problem('`|&` also pipes the error output');
    for (const command of pipeline.commands) {
      for (const r of command.redirections) {
        this.problem(
          this.redirection(r.op, `${r.fd ?? ''}${r.op}`, r.target.text),
        );
      }
      if (command.type === 'subshell') {
        this.problem('`( … )` runs commands in a subshell');
        this.line(command.body, nested);
        continue;
      }
      for (const a of command.assignments) {
        this.problem(
          `\`${a.text}\` sets an environment variable for the command`,
        );
      }
      if (isBase64Decode(command)) {
        this.problem(
          '`base64 -d` decodes data: that is how Secret values are read',
          true,
        );
      }
      this.program(command.words[0]);
      command.words.forEach((word, i) => this.word(word, nested, i === 0));
    }
  }

  private redirection(op: string, written: string, target: string): string {
    if (op === '<<' || op === '<<-')
      return `\`${written}\` starts a here-document`;
    if (op === '<<<')
      return `\`${written}\` feeds a here-string to the command`;
    if (op === '<')
      return `\`${written} ${target}\` feeds a file to the command`;
    if (op.includes('&')) return `\`${written}${target}\` redirects output`;
    return `\`${written} ${target}\` writes the output to a file`;
  }

  private program(word: ShellWord | undefined) {
    if (!word) return;
    const program = literalValue(word);
    if (program === undefined) {
      this.problem(
        `the program name \`${word.text}\` is computed by the shell`,
      );
      return;
    }
    const foreign = [...program].find(ch => ch.charCodeAt(0) > 0x7e);
    if (foreign) {
      this.problem(
        `the program name \`${program}\` contains the non-ASCII character ${codePoint(
          foreign,
        )}, which can imitate an ASCII letter`,
      );
    } else if (RUNNERS[program]) {
      this.problem(`\`${program}\` ${RUNNERS[program]}`);
    } else if (LOCAL_CHANGES.has(program) || program.startsWith('mkfs.')) {
      this.problem(
        `\`${program}\` changes files or processes on the operator's machine`,
      );
    } else if (RESERVED_WORDS.has(program)) {
      this.problem(`\`${program}\` is shell control flow`);
    }
  }

  private word(word: ShellWord, nested: boolean, isProgram = false) {
    word.parts.forEach((part, i) => {
      if (part.type === 'text') {
        if (part.quoting !== 'unquoted') return;
        const glob = /[*?[\]{}]/.exec(part.value);
        if (glob) {
          this.problem(
            `\`${glob[0]}\` in \`${word.text}\` is unquoted: the shell would expand it against local file names; quote it`,
          );
        }
        if (i === 0 && part.value.startsWith('~')) {
          this.problem(
            `\`~\` in \`${word.text}\` would expand to a home directory`,
          );
        }
        const foreign = [...part.value].find(ch => ch.charCodeAt(0) > 0x7e);
        // The program name has its own check, quoted or not.
        if (foreign && !isProgram) {
          this.problem(
            `\`${word.text}\` has the non-ASCII character ${codePoint(
              foreign,
            )} outside quotes, which can imitate ASCII letters or shell syntax`,
          );
        }
      } else if (part.type === 'expansion') {
        this.problem(EXPANSIONS[part.form](part.source));
      } else if (nested) {
        this.problem(`\`$(${part.source})\` is nested inside another \`$(…)\``);
      } else {
        this.substitution(part);
      }
    });
  }

  private substitution(
    part: Extract<ShellWordPart, { type: 'command-substitution' }>,
  ) {
    const { items } = part.body;
    const only =
      items.length === 1 && !items[0].separator ? items[0].pipeline : undefined;
    const command = only?.commands.length === 1 ? only.commands[0] : undefined;
    const words =
      command?.type === 'simple' ? command.words.map(w => literalValue(w)) : [];
    const shown = `\`$(${part.source})\``;
    if (words.length === 2 && words[0] === 'date' && words[1] === '+%s') {
      this.substitutions.set(part, { kind: 'unix-time' });
      return;
    }
    if (command?.type !== 'simple' || words[0] !== 'kubectl') {
      const runs = words[0] ? `runs \`${words[0]}\`` : 'runs commands';
      this.problem(`${shown} ${runs}; ${ALLOWED_SUBSTITUTIONS}`);
      return;
    }
    const before = this.problems.length;
    this.line(part.body, true);
    if (this.problems.length > before) return;
    const env: CommandEnv = {
      defaultNamespace: this.context.service.namespace,
      substitutions: new Map(),
      used: new Set(),
    };
    try {
      const reading = readKubectl(
        command.words.slice(1),
        env,
        this.context.service.service,
      );
      const op = reading.class === 'diagnostic' ? reading.operation : undefined;
      if (op?.kind !== 'kubectl-get' || op.output?.format !== 'jsonpath') {
        this.problem(
          `${shown} is not \`kubectl get … -o jsonpath=…\`; ${ALLOWED_SUBSTITUTIONS}`,
        );
        return;
      }
      const scope = checkScope(op, this.context);
      if (!scope.ok) {
        this.problem(`${shown} reads outside the scope: ${scope.reason}`);
        return;
      }
      this.substitutions.set(part, { kind: 'kubectl-get', operation: op });
    } catch (e) {
      if (!(e instanceof StepVerdict)) throw e;
      this.problem(`${shown}: ${e.reason}`, e.revealsSecret);
    }
  }

  /** Finds the kubectl commands of the line that would reveal a secret. */
  secrets(line: CommandLine) {
    const env: CommandEnv = {
      defaultNamespace: this.context.service.namespace,
      substitutions: new Map(),
      used: new Set(),
    };
    for (const { pipeline } of line.items) {
      for (const command of pipeline.commands) {
        if (
          command.type !== 'simple' ||
          literalValue(command.words[0] ?? { parts: [] }) !== 'kubectl'
        )
          continue;
        try {
          readKubectl(
            command.words.slice(1),
            env,
            this.context.service.service,
          );
        } catch (e) {
          if (e instanceof StepVerdict && e.revealsSecret)
            this.problem(e.reason, true);
        }
      }
    }
  }
}

function sentence(text: string): string {
  const t = text.charAt(0).toUpperCase() + text.slice(1);
  return /[.!?]$/.test(t) ? t : `${t}.`;
}

function refused(reason: string): StepPlan {
  return { class: 'refused', reason: sentence(reason) };
}

/** Reads the one pipeline of a step: a kubectl or flux command and its filters. */
function readPipeline(
  pipeline: Pipeline,
  env: CommandEnv,
  service: string,
): CommandReading {
  const [producer, ...filters] = pipeline.commands as SimpleCommand[];
  const program = literalValue(producer.words[0])!;
  const args = producer.words.slice(1);
  let reading: CommandReading;
  if (program === 'kubectl') reading = readKubectl(args, env, service);
  else if (program === 'flux') reading = readFlux(args, service);
  else {
    const what =
      TOOLS[program] ??
      'is not kubectl or flux, the only programs the portal runs';
    return { class: 'manual', reason: `\`${program}\` ${what}`, touches: [] };
  }
  if (filters.length === 0 || reading.class === 'manual') return reading;
  if (reading.class === 'action') {
    return {
      class: 'manual',
      reason: 'the portal does not filter the output of an action',
      touches: touchesOf(reading.operation),
    };
  }
  try {
    const applied = filters.map(f => outputFilter(f.words));
    return {
      class: 'diagnostic',
      operation: { ...reading.operation, filters: applied },
    };
  } catch (e) {
    if (e instanceof StepVerdict && e.outcome === 'manual') {
      return {
        class: 'manual',
        reason: e.reason,
        touches: touchesOf(reading.operation),
      };
    }
    throw e;
  }
}

function classify(command: string, context: RunbookContext): StepPlan {
  const problem = textProblem(command);
  if (problem) return refused(problem);
  const line = parseCommandLine(command);
  if (line.items.length === 0) return refused('the step holds only a comment');

  const review = new ShellReview(context);
  // A kubectl command that reveals a secret is said first, whatever else is
  // wrong with the line.
  review.secrets(line);
  review.line(line, false);
  if (review.problems.length > 0) {
    const [first, ...others] = [
      ...review.problems.filter(p => p.revealsSecret),
      ...review.problems.filter(p => !p.revealsSecret),
    ];
    const also = others.length
      ? ` Also: ${others.map(p => p.reason).join('; ')}.`
      : '';
    return { class: 'refused', reason: `${sentence(first.reason)}${also}` };
  }

  const env: CommandEnv = {
    defaultNamespace: context.service.namespace,
    substitutions: review.substitutions,
    used: new Set(),
  };
  const [item] = line.items;
  let reading: CommandReading;
  try {
    reading = readPipeline(item.pipeline, env, context.service.service);
  } catch (e) {
    if (!(e instanceof StepVerdict) || e.outcome !== 'manual') throw e;
    reading = { class: 'manual', reason: e.reason, touches: e.touches };
  }
  for (const [part, substitution] of review.substitutions) {
    if (substitution.kind === 'unix-time' && !env.used.has(part)) {
      return refused(
        '`$(date +%s)` is allowed only as the value of an ExternalSecret force-sync annotation',
      );
    }
  }

  const scope =
    reading.class === 'manual'
      ? checkTouches(reading.touches, 'read', context)
      : checkScope(reading.operation, context);
  if (!scope.ok) return refused(scope.reason);
  const paths = new Map(context.upstreams.map(u => [u.service, u.via]));
  const grants = describeGrants(scope.grants, paths);

  if (item.separator === '&') {
    const what =
      reading.class === 'manual'
        ? reading.reason
        : describeOperation(reading.operation);
    return {
      class: 'manual',
      reason: sentence(
        `${what}; it runs in the background (\`&\`), which the portal never does`,
      ),
      scope: scope.grants,
    };
  }
  switch (reading.class) {
    case 'manual':
      return {
        class: 'manual',
        reason: sentence(reading.reason),
        scope: scope.grants,
      };
    case 'diagnostic':
      return {
        class: 'diagnostic',
        reason: sentence(
          `Read-only, through the Kubernetes API: ${describeOperation(
            reading.operation,
          )}` + `${describeFilters(reading.operation.filters)} (${grants})`,
        ),
        operation: reading.operation,
        scope: scope.grants,
      };
    default:
      return {
        class: 'action',
        reason: sentence(
          `Action: ${describeOperation(reading.operation)} (${grants})`,
        ),
        operation: reading.operation,
        scope: scope.grants,
      };
  }
}

/**
 * Classifies one runbook step for the service the context describes. The
 * command is only read: it is tokenized and parsed as shell, and nothing in
 * it is expanded or run. Never throws; anything it cannot read is refused.
 *
 * A kubectl command without `-n` is taken to mean the service's namespace
 * (the portal has no kubeconfig default); a flux command without `-n` means
 * `flux-system`, the flux CLI's default.
 *
 * Diagnostics and actions come with a typed operation the backend carries
 * out through the Kubernetes API, and with the grants that put it in scope;
 * manual and refused steps come with the reason.
 *
 * @public
 */
export function classifyStep(
  command: string,
  context: RunbookContext,
): StepPlan {
  try {
    return classify(command, context);
  } catch (e) {
    if (e instanceof StepVerdict) return refused(e.reason);
    if (e instanceof ShellSyntaxError) {
      return refused(
        `the step cannot be read as a shell command: ${e.message}`,
      );
    }
    return refused(`the step could not be classified (${String(e)})`);
  }
}

/**
 * Classifies every step of a parsed runbook (see `parseRunbookScript`).
 *
 * @public
 */
export function classifyRunbook(
  runbook: { steps: RunbookStep[] },
  context: RunbookContext,
): ClassifiedStep[] {
  return runbook.steps.map(step => ({
    ...step,
    plan: classifyStep(step.command, context),
  }));
}
