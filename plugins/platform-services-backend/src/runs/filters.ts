/**
 * The filters a runbook step writes after `|` (grep with fixed alternatives,
 * head, tail, jq paths), applied by the backend to an output's lines exactly
 * as the programs would, so that no shell is ever involved.
 */
import {
  JqPathSegment,
  OutputFilter,
} from '@platform-services/plugin-platform-services-common';

/** A filter that cannot be applied to this output, e.g. `jq` on text that is not JSON. */
export class FilterError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FilterError';
  }
}

type GrepFilter = Extract<OutputFilter, { kind: 'grep' }>;

/**
 * `grep` with fixed alternatives: `-i`, `-v`, and `-A`/`-B` context, with
 * GNU grep's `--` between groups of context that do not touch.
 */
export function grepLines(lines: string[], filter: GrepFilter): string[] {
  const needles = filter.ignoreCase
    ? filter.alternatives.map(a => a.toLowerCase())
    : filter.alternatives;
  const selected = lines.map(line => {
    const hay = filter.ignoreCase ? line.toLowerCase() : line;
    return needles.some(n => hay.includes(n)) !== filter.invert;
  });
  const after = filter.after ?? 0;
  const before = filter.before ?? 0;
  if (after === 0 && before === 0) return lines.filter((_, i) => selected[i]);

  const shown = new Array<boolean>(lines.length).fill(false);
  selected.forEach((isSelected, i) => {
    if (!isSelected) return;
    for (
      let j = Math.max(0, i - before);
      j <= Math.min(lines.length - 1, i + after);
      j++
    ) {
      shown[j] = true;
    }
  });
  const out: string[] = [];
  let last = -1;
  shown.forEach((isShown, i) => {
    if (!isShown) return;
    if (last !== -1 && i > last + 1) out.push('--');
    out.push(lines[i]);
    last = i;
  });
  return out;
}

/** `head -c N`: the first N bytes of the text (UTF-8), as lines. */
function headBytes(lines: string[], bytes: number): string[] {
  const text = `${lines.join('\n')}${lines.length ? '\n' : ''}`;
  const cut = Buffer.from(text, 'utf8').subarray(0, bytes).toString('utf8');
  // A cut in the middle of a character leaves a replacement character; drop it.
  const clean = cut.replace(/\uFFFD$/, '');
  if (clean === '') return [];
  const result = clean.split('\n');
  if (clean.endsWith('\n')) result.pop();
  return result;
}

/**
 * Reads a stream of JSON values separated by whitespace, as jq does (kubectl's
 * `{.status.conditions[*]}` prints several objects on one line).
 */
export function parseJsonStream(text: string): unknown[] {
  const values: unknown[] = [];
  let i = 0;
  const n = text.length;
  while (i < n) {
    while (i < n && /\s/.test(text[i])) i++;
    if (i >= n) break;
    const start = i;
    const c = text[i];
    if (c === '{' || c === '[') {
      let depth = 0;
      let inString = false;
      for (; i < n; i++) {
        const d = text[i];
        if (inString) {
          if (d === '\\') i++;
          else if (d === '"') inString = false;
        } else if (d === '"') inString = true;
        else if (d === '{' || d === '[') depth++;
        else if (d === '}' || d === ']') {
          if (--depth === 0) {
            i++;
            break;
          }
        }
      }
    } else if (c === '"') {
      for (i++; i < n; i++) {
        if (text[i] === '\\') i++;
        else if (text[i] === '"') {
          i++;
          break;
        }
      }
    } else {
      while (i < n && !/[\s{["]/.test(text[i])) i++;
    }
    const chunk = text.slice(start, i);
    try {
      values.push(JSON.parse(chunk));
    } catch {
      const shown = chunk.length > 40 ? `${chunk.slice(0, 40)}…` : chunk;
      throw new FilterError(`jq: the output is not JSON (at "${shown}")`);
    }
  }
  return values;
}

function typeName(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  return typeof v === 'object' ? 'object' : typeof v;
}

/** Applies a jq path (`.a.b[0]`, `.[]`) to one value, with jq's errors. */
export function jqPath(value: unknown, path: JqPathSegment[]): unknown[] {
  let current: unknown[] = [value];
  for (const segment of path) {
    const next: unknown[] = [];
    for (const v of current) {
      if ('field' in segment) {
        if (v === null) next.push(null);
        else if (typeName(v) === 'object') {
          const found = (v as Record<string, unknown>)[segment.field];
          next.push(found === undefined ? null : found);
        } else {
          throw new FilterError(
            `jq: cannot index ${typeName(v)} with "${segment.field}"`,
          );
        }
      } else if ('index' in segment) {
        if (v === null) next.push(null);
        else if (Array.isArray(v)) {
          const i =
            segment.index < 0 ? v.length + segment.index : segment.index;
          next.push(i >= 0 && i < v.length ? v[i] : null);
        } else {
          throw new FilterError(`jq: cannot index ${typeName(v)} with number`);
        }
      } else if (Array.isArray(v)) {
        next.push(...v);
      } else if (typeName(v) === 'object') {
        next.push(...Object.values(v as object));
      } else {
        throw new FilterError(`jq: cannot iterate over ${typeName(v)}`);
      }
    }
    current = next;
  }
  return current;
}

function jqLines(
  lines: string[],
  filter: Extract<OutputFilter, { kind: 'jq' }>,
): string[] {
  const results = parseJsonStream(lines.join('\n')).flatMap(v =>
    jqPath(v, filter.path),
  );
  return results.flatMap(r =>
    (filter.raw && typeof r === 'string'
      ? r
      : JSON.stringify(r, null, 2)
    ).split('\n'),
  );
}

/**
 * Applies the filters in order to the lines of an output.
 *
 * @throws FilterError when a filter cannot read its input (jq on non-JSON).
 */
export function applyFilters(
  lines: string[],
  filters: OutputFilter[],
): string[] {
  let current = lines;
  for (const filter of filters) {
    switch (filter.kind) {
      case 'grep':
        current = grepLines(current, filter);
        break;
      case 'head':
        current =
          filter.bytes !== undefined
            ? headBytes(current, filter.bytes)
            : current.slice(0, filter.lines ?? 10);
        break;
      case 'tail':
        current = filter.lines === 0 ? [] : current.slice(-filter.lines);
        break;
      default:
        current = jqLines(current, filter);
    }
  }
  return current;
}
