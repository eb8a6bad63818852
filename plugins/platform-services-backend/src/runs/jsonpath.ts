/**
 * The part of kubectl's JSONPath that runbooks use, evaluated over plain
 * objects: `-o jsonpath=` templates, custom columns and `--sort-by`.
 *
 * Supported: literal text, `{"\n"}` string literals, `{range PATH}…{end}`,
 * and paths made of `.field` (with `\.` escapes), `['field']`, `[n]`, `[-n]`,
 * `[a:b]`, `[*]`, `.*` and filters `[?(@.a.b=="x")]` (`==`, `!=`, or a bare
 * path for "has"). Recursive descent (`..`) is refused.
 *
 * Printing follows kubectl (client-go `jsonpath`): strings as they are,
 * objects and arrays as compact JSON with sorted keys, the results of one
 * expression separated by a space, and missing keys printing nothing (kubectl's
 * default `--allow-missing-template-keys=true`).
 */

/** A template or path kubectl would reject, or one outside the subset. */
export class JsonPathError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'JsonPathError';
  }
}

type Segment =
  | { type: 'field'; name: string }
  | { type: 'wildcard' }
  | { type: 'index'; index: number }
  | { type: 'slice'; start?: number; end?: number }
  | {
      type: 'filter';
      path: Segment[];
      op?: '==' | '!=';
      value?: string | number | boolean;
    };

type Node =
  | { type: 'text'; value: string }
  | { type: 'path'; path: Segment[] }
  | { type: 'range'; path: Segment[]; body: Node[] };

const ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r' };

function unescapeLiteral(body: string): string {
  return body.replace(/\\(.)/g, (_m, c: string) => ESCAPES[c] ?? c);
}

/** Splits `a{.b}c{"d"}` into text and `{…}` expressions, honouring strings. */
function splitTemplate(
  template: string,
): Array<{ expr?: string; text?: string }> {
  const parts: Array<{ expr?: string; text?: string }> = [];
  let text = '';
  for (let i = 0; i < template.length; i++) {
    const c = template[i];
    if (c !== '{') {
      text += c;
      continue;
    }
    let j = i + 1;
    let inString: string | undefined;
    for (; j < template.length; j++) {
      const d = template[j];
      if (inString) {
        if (d === '\\') j++;
        else if (d === inString) inString = undefined;
      } else if (d === '"' || d === "'") {
        inString = d;
      } else if (d === '}') {
        break;
      }
    }
    if (j >= template.length) {
      throw new JsonPathError(`unclosed action in "${template}"`);
    }
    if (text) parts.push({ text });
    text = '';
    parts.push({ expr: template.slice(i + 1, j).trim() });
    i = j;
  }
  if (text) parts.push({ text });
  return parts;
}

function parseLiteralValue(raw: string): string | number | boolean {
  const t = raw.trim();
  if (/^"(?:[^"\\]|\\.)*"$/.test(t) || /^'(?:[^'\\]|\\.)*'$/.test(t)) {
    return unescapeLiteral(t.slice(1, -1));
  }
  if (t === 'true' || t === 'false') return t === 'true';
  if (/^-?\d+(\.\d+)?$/.test(t)) return Number(t);
  throw new JsonPathError(`unsupported filter value ${t}`);
}

/**
 * Parses a path such as `.status.conditions[?(@.type=="Ready")].message`.
 * A leading `$` or `@` is the root or current object.
 */
export function parsePath(source: string): Segment[] {
  const s = source.trim();
  const segments: Segment[] = [];
  let i = 0;
  if (s[i] === '$' || s[i] === '@') i++;
  while (i < s.length) {
    const c = s[i];
    if (c === '.') {
      if (s[i + 1] === '.') {
        throw new JsonPathError(
          `recursive descent (\`..\`) in "${source}" is not supported`,
        );
      }
      i++;
      if (s[i] === '*') {
        segments.push({ type: 'wildcard' });
        i++;
        continue;
      }
      if (s[i] === '[' || i >= s.length) continue;
      let name = '';
      while (i < s.length && s[i] !== '.' && s[i] !== '[') {
        if (s[i] === '\\' && i + 1 < s.length) {
          name += s[i + 1];
          i += 2;
        } else {
          name += s[i++];
        }
      }
      segments.push({ type: 'field', name });
    } else if (c === '[') {
      const close = findClose(s, i);
      const inside = s.slice(i + 1, close).trim();
      i = close + 1;
      segments.push(bracket(inside, source));
    } else {
      throw new JsonPathError(
        `unexpected "${c}" at position ${i} of "${source}"`,
      );
    }
  }
  return segments;
}

function findClose(s: string, open: number): number {
  let depth = 0;
  let inString: string | undefined;
  for (let j = open; j < s.length; j++) {
    const d = s[j];
    if (inString) {
      if (d === '\\') j++;
      else if (d === inString) inString = undefined;
    } else if (d === '"' || d === "'") inString = d;
    else if (d === '[') depth++;
    else if (d === ']' && --depth === 0) return j;
  }
  throw new JsonPathError(`unclosed "[" in "${s}"`);
}

function bracket(inside: string, source: string): Segment {
  if (inside === '*') return { type: 'wildcard' };
  if (/^-?\d+$/.test(inside)) return { type: 'index', index: Number(inside) };
  const slice = /^(-?\d+)?\s*:\s*(-?\d+)?$/.exec(inside);
  if (slice) {
    return {
      type: 'slice',
      ...(slice[1] !== undefined ? { start: Number(slice[1]) } : {}),
      ...(slice[2] !== undefined ? { end: Number(slice[2]) } : {}),
    };
  }
  if (
    /^'(?:[^'\\]|\\.)*'$/.test(inside) ||
    /^"(?:[^"\\]|\\.)*"$/.test(inside)
  ) {
    return { type: 'field', name: unescapeLiteral(inside.slice(1, -1)) };
  }
  const filter = /^\?\((.*)\)$/s.exec(inside);
  if (filter) {
    const body = filter[1].trim();
    const cmp = /^(@[^=!]*?)\s*(==|!=)\s*(.+)$/.exec(body);
    if (cmp) {
      return {
        type: 'filter',
        path: parsePath(cmp[1]),
        op: cmp[2] as '==' | '!=',
        value: parseLiteralValue(cmp[3]),
      };
    }
    if (/^@[^=!<>]*$/.test(body))
      return { type: 'filter', path: parsePath(body) };
    throw new JsonPathError(`unsupported filter "${inside}" in "${source}"`);
  }
  throw new JsonPathError(`unsupported "[${inside}]" in "${source}"`);
}

function parseNodes(template: string): Node[] {
  const root: Node[] = [];
  const stack: Array<{ nodes: Node[] }> = [{ nodes: root }];
  for (const part of splitTemplate(template)) {
    const current = stack[stack.length - 1].nodes;
    if (part.text !== undefined) {
      current.push({ type: 'text', value: part.text });
      continue;
    }
    const expr = part.expr!;
    if (expr === 'end') {
      if (stack.length === 1) {
        throw new JsonPathError(`"{end}" without "{range}" in "${template}"`);
      }
      stack.pop();
    } else if (/^range\s/.test(expr)) {
      const node: Node = {
        type: 'range',
        path: parsePath(expr.replace(/^range\s+/, '')),
        body: [],
      };
      current.push(node);
      stack.push({ nodes: node.body });
    } else if (
      /^"(?:[^"\\]|\\.)*"$/.test(expr) ||
      /^'(?:[^'\\]|\\.)*'$/.test(expr)
    ) {
      current.push({ type: 'text', value: unescapeLiteral(expr.slice(1, -1)) });
    } else if (expr === '' || expr === '@' || expr === '$') {
      current.push({ type: 'path', path: [] });
    } else {
      current.push({ type: 'path', path: parsePath(expr) });
    }
  }
  if (stack.length > 1) {
    throw new JsonPathError(`"{range}" without "{end}" in "${template}"`);
  }
  return root;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function indexOf(length: number, i: number): number {
  return i < 0 ? length + i : i;
}

/** The elements of an array or the values of an object, for a filter. */
function childrenOf(v: unknown): unknown[] {
  if (Array.isArray(v)) return v;
  return isObject(v) ? Object.values(v) : [];
}

/** The values a path selects from `value`, in order; missing keys select nothing. */
export function select(value: unknown, path: Segment[]): unknown[] {
  let current: unknown[] = [value];
  for (const segment of path) {
    const next: unknown[] = [];
    for (const v of current) {
      switch (segment.type) {
        case 'field':
          if (
            isObject(v) &&
            segment.name in v &&
            v[segment.name] !== undefined
          ) {
            next.push(v[segment.name]);
          }
          break;
        case 'wildcard':
          if (Array.isArray(v)) next.push(...v);
          else if (isObject(v)) {
            for (const k of Object.keys(v).sort()) next.push(v[k]);
          }
          break;
        case 'index':
          if (Array.isArray(v)) {
            const i = indexOf(v.length, segment.index);
            if (i >= 0 && i < v.length) next.push(v[i]);
          }
          break;
        case 'slice':
          if (Array.isArray(v)) {
            const start = indexOf(v.length, segment.start ?? 0);
            const end = indexOf(v.length, segment.end ?? v.length);
            next.push(...v.slice(Math.max(0, start), Math.max(0, end)));
          }
          break;
        default: {
          const items = childrenOf(v);
          for (const item of items) {
            const found = select(item, segment.path);
            if (segment.op === undefined) {
              if (found.length > 0) next.push(item);
            } else {
              const equal = found.some(
                f => f === segment.value || String(f) === String(segment.value),
              );
              if ((segment.op === '==') === equal) next.push(item);
            }
          }
        }
      }
    }
    current = next;
  }
  return current;
}

/** Recursively sorted keys: Go marshals maps in key order. */
function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (isObject(value)) {
    const sorted: Record<string, unknown> = {};
    for (const k of Object.keys(value).sort()) sorted[k] = sortKeys(value[k]);
    return sorted;
  }
  return value;
}

/** Compact JSON as Go's `json.Marshal` writes it (sorted keys, HTML escaped). */
export function goJson(value: unknown): string {
  return JSON.stringify(sortKeys(value))
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026');
}

/** One selected value as kubectl prints it. */
export function printValue(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === null || value === undefined) return '';
  if (typeof value === 'object') return goJson(value);
  return String(value);
}

function render(nodes: Node[], current: unknown): string {
  let out = '';
  for (const node of nodes) {
    if (node.type === 'text') out += node.value;
    else if (node.type === 'path') {
      out += select(current, node.path).map(printValue).join(' ');
    } else {
      for (const item of select(current, node.path)) {
        // `range` over an array iterates its elements.
        const items = Array.isArray(item) ? item : [item];
        for (const each of items) out += render(node.body, each);
      }
    }
  }
  return out;
}

/**
 * Evaluates a kubectl `-o jsonpath=` template over an object (or a `List`).
 *
 * @throws JsonPathError when the template is outside the supported subset.
 */
export function evaluateTemplate(template: string, value: unknown): string {
  return render(parseNodes(template), value);
}

/**
 * kubectl's "relaxed" form used by custom columns and `--sort-by`:
 * `.a.b`, `a.b` and `{.a.b}` all mean the path `.a.b`.
 */
export function relaxedPath(expression: string): Segment[] {
  let e = expression.trim();
  if (e.startsWith('{') && e.endsWith('}')) e = e.slice(1, -1).trim();
  if (!e.startsWith('.') && !e.startsWith('$') && !e.startsWith('@'))
    e = `.${e}`;
  return parsePath(e);
}

/** The value of a custom column for one object: results joined by commas, `<none>` when there are none. */
export function columnValue(expression: string, value: unknown): string {
  const found = select(value, relaxedPath(expression));
  return found.length === 0 ? '<none>' : found.map(printValue).join(',');
}

function compareText(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}

/**
 * Sorts objects like `kubectl get --sort-by`: by the first value the path
 * selects, numbers numerically and everything else as text; objects without
 * a value come first. Stable.
 */
export function sortByPath<T>(items: T[], expression: string): T[] {
  const path = relaxedPath(expression);
  const keyed = items.map((item, i) => ({
    item,
    i,
    key: select(item, path)[0],
  }));
  keyed.sort((a, b) => {
    if (a.key === undefined || b.key === undefined) {
      return (
        (a.key === undefined ? 0 : 1) - (b.key === undefined ? 0 : 1) ||
        a.i - b.i
      );
    }
    const c =
      typeof a.key === 'number' && typeof b.key === 'number'
        ? a.key - b.key
        : compareText(printValue(a.key), printValue(b.key));
    return c || a.i - b.i;
  });
  return keyed.map(k => k.item);
}
