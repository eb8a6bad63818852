/**
 * The commands written after a `|` that the backend can apply itself to a
 * diagnostic's output: `grep` with fixed alternatives, `head`, `tail` and
 * `jq` paths. Anything else makes the step manual.
 */
import { requireLiteral } from './args';
import {
  JqPathSegment,
  OutputFilter,
} from '@platform-services/plugin-platform-services-common';
import { ShellWord } from './parseCommandLine';
import { manual } from './verdict';

const COUNT = /^\d+$/;

function unsupported(command: string, why: string) {
  return manual(`the portal cannot apply \`${command}\` to the output: ${why}`);
}

/**
 * The alternatives of a basic regular expression written as `a\|b`, when it
 * has no other regular-expression syntax; `\.` and similar escapes stand for
 * the character itself.
 */
function grepAlternatives(pattern: string, command: string): string[] {
  const alternatives: string[] = [];
  let current = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\\') {
      const next = pattern[i + 1];
      if (next === '|') {
        alternatives.push(current);
        current = '';
      } else if (next !== undefined && '.*[]^$\\/'.includes(next)) {
        current += next;
      } else {
        throw unsupported(command, `the pattern uses \`\\${next ?? ''}\``);
      }
      i++;
    } else if ('.*[^$'.includes(c)) {
      throw unsupported(
        command,
        `\`${c}\` is regular-expression syntax; the portal matches fixed text (escape it as \`\\${c}\`)`,
      );
    } else {
      current += c;
    }
  }
  alternatives.push(current);
  return alternatives;
}

function grep(words: string[], command: string): OutputFilter {
  let ignoreCase = false;
  let invert = false;
  let fixed = false;
  const context: { after?: number; before?: number } = {};
  let pattern: string | undefined;
  const setContext = (letter: string, value: string | undefined) => {
    if (value === undefined || !COUNT.test(value)) {
      throw unsupported(command, `\`-${letter}\` needs a line count`);
    }
    const n = Number(value);
    if (letter === 'A' || letter === 'C') context.after = n;
    if (letter === 'B' || letter === 'C') context.before = n;
  };
  const long: Record<string, string> = {
    '--ignore-case': 'i',
    '--invert-match': 'v',
    '--fixed-strings': 'F',
  };
  for (let i = 0; i < words.length; i++) {
    const w = words[i];
    if (pattern === undefined && w.startsWith('-') && w.length > 1) {
      const contextFlag = /^--(after|before)?-?context=(.*)$/.exec(w);
      if (long[w]) {
        if (long[w] === 'i') ignoreCase = true;
        if (long[w] === 'v') invert = true;
        if (long[w] === 'F') fixed = true;
      } else if (contextFlag) {
        const letter = { after: 'A', before: 'B' }[contextFlag[1] ?? ''] ?? 'C';
        setContext(letter, contextFlag[2]);
      } else if (w.startsWith('--')) {
        throw unsupported(command, `\`${w}\` is not supported`);
      } else {
        for (let j = 1; j < w.length; j++) {
          const letter = w[j];
          if (letter === 'i') ignoreCase = true;
          else if (letter === 'v') invert = true;
          else if (letter === 'F') fixed = true;
          else if ('ABC'.includes(letter)) {
            const rest = w.slice(j + 1);
            setContext(letter, rest !== '' ? rest : words[++i]);
            break;
          } else {
            throw unsupported(command, `\`-${letter}\` is not supported`);
          }
        }
      }
    } else if (pattern === undefined) {
      pattern = w;
    } else {
      throw unsupported(command, `it would read the file \`${w}\``);
    }
  }
  if (pattern === undefined) throw unsupported(command, 'no pattern');
  return {
    kind: 'grep',
    alternatives: fixed ? [pattern] : grepAlternatives(pattern, command),
    ignoreCase,
    invert,
    ...context,
  };
}

/** `head` and `tail`: `-n N`, `-nN`, `-N`, `--lines=N`, and for head `-c N`. */
function headOrTail(
  program: 'head' | 'tail',
  words: string[],
  command: string,
): OutputFilter {
  let lines: number | undefined;
  let bytes: number | undefined;
  for (let i = 0; i < words.length; i++) {
    const w = words[i];
    const m = /^(?:-([nc])(.*)|--(lines|bytes)=(.*)|-(\d+))$/.exec(w);
    if (!m) throw unsupported(command, `\`${w}\` is not supported`);
    const [, shortUnit, attached, longUnit, longValue, bare] = m;
    const unit = shortUnit ?? (longUnit === 'bytes' ? 'c' : 'n');
    let value = bare ?? longValue;
    if (shortUnit) value = attached !== '' ? attached : words[++i];
    if (value === undefined || !COUNT.test(value)) {
      throw unsupported(command, 'counts must be plain numbers');
    }
    if (unit === 'c') bytes = Number(value);
    else lines = Number(value);
  }
  if (program === 'tail') {
    if (bytes !== undefined)
      throw unsupported(command, '`tail -c` is not supported');
    return { kind: 'tail', lines: lines ?? 10 };
  }
  if (bytes !== undefined && lines !== undefined) {
    throw unsupported(command, 'give either lines or bytes');
  }
  return bytes !== undefined
    ? { kind: 'head', bytes }
    : { kind: 'head', lines: lines ?? 10 };
}

/** A jq path: `.`, `.a.b`, `.a[0]`, `.[]`, `.["x"]`, `.a[].b`. */
export function parseJqPath(expression: string): JqPathSegment[] | undefined {
  const s = expression.trim();
  if (s === '.') return [];
  const segments: JqPathSegment[] = [];
  let i = 0;
  const ident = /^[A-Za-z_][A-Za-z0-9_]*/;
  while (i < s.length) {
    if (s[i] === '.') {
      i++;
      const name = ident.exec(s.slice(i));
      if (name) {
        segments.push({ field: name[0] });
        i += name[0].length;
        continue;
      }
      if (s[i] === '"') {
        const close = s.indexOf('"', i + 1);
        if (close === -1) return undefined;
        segments.push({ field: s.slice(i + 1, close) });
        i = close + 1;
        continue;
      }
      if (s[i] !== '[') return undefined;
    }
    if (s[i] !== '[') return undefined;
    const close = s.indexOf(']', i);
    if (close === -1) return undefined;
    const inside = s.slice(i + 1, close).trim();
    if (inside === '') segments.push({ iterate: true });
    else if (/^-?\d+$/.test(inside)) segments.push({ index: Number(inside) });
    else if (/^"[^"\\]*"$/.test(inside))
      segments.push({ field: inside.slice(1, -1) });
    else return undefined;
    i = close + 1;
  }
  return segments.length > 0 ? segments : undefined;
}

function jq(words: string[], command: string): OutputFilter {
  let raw = false;
  const args: string[] = [];
  for (const w of words) {
    if (w === '-r' || w === '--raw-output') raw = true;
    else if (w.startsWith('-'))
      throw unsupported(command, `\`${w}\` is not supported`);
    else args.push(w);
  }
  if (args.length !== 1) {
    throw unsupported(command, 'it needs exactly one path and no file');
  }
  const path = parseJqPath(args[0]);
  if (!path) {
    throw unsupported(
      command,
      `\`${args[0]}\` is more than a path such as \`.a.b[0]\``,
    );
  }
  return { kind: 'jq', path, raw };
}

/**
 * The filter a command after `|` stands for.
 *
 * @throws StepVerdict (manual) when the backend cannot apply it exactly.
 */
export function outputFilter(words: ShellWord[]): OutputFilter {
  const values = words.map((w, i) =>
    requireLiteral(w, i === 0 ? 'filter program' : 'filter argument'),
  );
  const [program, ...args] = values;
  const command = words.map(w => w.text).join(' ');
  switch (program) {
    case 'grep':
      return grep(args, command);
    case 'head':
    case 'tail':
      return headOrTail(program, args, command);
    case 'jq':
      return jq(args, command);
    default:
      throw manual(
        `the portal applies only grep, head, tail and jq paths to an output, not \`${program}\``,
      );
  }
}
