/**
 * Reading the arguments of kubectl, flux and filter commands the way their
 * flag parsers (cobra/pflag, getopt) would: `-n x`, `-nx`, `--namespace=x`,
 * `--namespace x`, bundled short flags (`-it`), and `--` ending the flags.
 */
import { ShellWord, ShellWordPart } from './parseCommandLine';
import { literalValue } from './tokenize';
import { refuse } from './verdict';

/** A flag: its canonical name (the spelling written last in the spec) and whether it takes a value. */
interface Flag {
  name: string;
  takesValue: boolean;
}

/** Flags by every spelling. */
export type FlagSpec = Map<string, Flag>;

/**
 * Builds a flag table from spellings such as `'-n|--namespace='` (takes a
 * value) and `'-A|--all-namespaces'` (a switch).
 */
export function flags(...definitions: string[]): FlagSpec {
  const spec: FlagSpec = new Map();
  for (const definition of definitions) {
    const takesValue = definition.endsWith('=');
    const spellings = definition.replace(/=$/, '').split('|');
    const flag = { name: spellings[spellings.length - 1], takesValue };
    for (const spelling of spellings) spec.set(spelling, flag);
  }
  return spec;
}

/** Combines flag tables; later ones win. */
export function withFlags(...specs: FlagSpec[]): FlagSpec {
  return new Map(specs.flatMap(s => [...s]));
}

export interface ParsedArgs {
  positionals: ShellWord[];
  /** Values by canonical flag name, in order. */
  values: Map<string, ShellWord[]>;
  /** Switches given, by canonical name. */
  switches: Set<string>;
  /** Flags not in the spec, as written (name only). */
  unknown: string[];
  /** Words after `--`. */
  rest: ShellWord[];
}

/** A word made of `text` only. */
export function textWord(text: string): ShellWord {
  return { text, parts: [{ type: 'text', value: text, quoting: 'unquoted' }] };
}

/** The word without its first `count` characters of text (the parts after are kept). */
export function dropPrefix(word: ShellWord, count: number): ShellWord {
  const parts: ShellWordPart[] = [];
  let left = count;
  for (const part of word.parts) {
    if (left > 0 && part.type === 'text') {
      if (part.value.length <= left) {
        left -= part.value.length;
        continue;
      }
      parts.push({ ...part, value: part.value.slice(left) });
      left = 0;
    } else {
      parts.push(part);
    }
  }
  return { text: word.text.slice(Math.min(count, word.text.length)), parts };
}

/** The text a word starts with, up to its first expansion. */
export function leadingText(word: ShellWord): string {
  let text = '';
  for (const part of word.parts) {
    if (part.type !== 'text') break;
    text += part.value;
  }
  return text;
}

/**
 * Splits words into flags and positionals. A flag that takes a value takes
 * the rest of its word or the next word; a next word that looks like a flag
 * is not accepted as a value, so `-l --kubeconfig=x` cannot hide a flag.
 */
export function parseArgs(words: ShellWord[], spec: FlagSpec): ParsedArgs {
  const parsed: ParsedArgs = {
    positionals: [],
    values: new Map(),
    switches: new Set(),
    unknown: [],
    rest: [],
  };
  const addValue = (flag: Flag, value: ShellWord) => {
    const list = parsed.values.get(flag.name) ?? [];
    list.push(value);
    parsed.values.set(flag.name, list);
  };
  const nextValue = (flagText: string, i: number): ShellWord => {
    const next = words[i + 1];
    const text = next && leadingText(next);
    if (
      !next ||
      (text !== undefined && text.startsWith('-') && text.length > 1)
    ) {
      throw refuse(`\`${flagText}\` has no value`);
    }
    return next;
  };

  for (let i = 0; i < words.length; i++) {
    const word = words[i];
    const text = leadingText(word);
    const literal = literalValue(word) !== undefined;
    if (literal && text === '--') {
      parsed.rest = words.slice(i + 1);
      break;
    }
    if (text.startsWith('--')) {
      const eq = text.indexOf('=');
      const name = eq === -1 ? text : text.slice(0, eq);
      const flag = spec.get(name);
      if (!flag) {
        parsed.unknown.push(name);
      } else if (!flag.takesValue) {
        const value = eq === -1 ? 'true' : text.slice(eq + 1);
        if (value === 'true') parsed.switches.add(flag.name);
        else if (value !== 'false')
          throw refuse(`\`${word.text}\` is not a switch value`);
      } else if (eq !== -1) {
        addValue(flag, dropPrefix(word, eq + 1));
      } else {
        addValue(flag, nextValue(name, i));
        i++;
      }
    } else if (text.startsWith('-') && text.length > 1) {
      // Bundled short flags: `-it`, `-ntemporal`, `-o=json`.
      for (let j = 1; j < text.length; j++) {
        const name = `-${text[j]}`;
        const flag = spec.get(name);
        if (!flag) {
          parsed.unknown.push(name);
          continue;
        }
        if (!flag.takesValue) {
          parsed.switches.add(flag.name);
          continue;
        }
        const attached = j + 1 < text.length || !literal;
        if (attached) {
          const skip = text[j + 1] === '=' ? j + 2 : j + 1;
          addValue(flag, dropPrefix(word, skip));
        } else {
          addValue(flag, nextValue(name, i));
          i++;
        }
        break;
      }
    } else {
      parsed.positionals.push(word);
    }
  }
  return parsed;
}

/** The last value given for a flag (pflag keeps the last), if any. */
export function lastValue(
  args: ParsedArgs,
  flag: string,
): ShellWord | undefined {
  const list = args.values.get(flag);
  return list?.[list.length - 1];
}

/**
 * The word's value; a word the shell would compute (`$(...)`) is refused
 * here, because only object names and the force-sync value may be computed.
 */
export function requireLiteral(word: ShellWord, role: string): string {
  const value = literalValue(word);
  if (value === undefined) {
    throw refuse(
      `the ${role} \`${word.text}\` is computed by the shell; only an object ` +
        'name may come from `$(kubectl get … -o jsonpath=…)` and only a ' +
        'force-sync annotation value from `$(date +%s)`',
    );
  }
  return value;
}
