/**
 * When reading a Secret would show its values. A Secret's metadata (name,
 * labels, annotations, type) is not secret; `.data` and `.stringData` are,
 * and so is any output that prints the whole object.
 */

/** A quoted literal in a template, such as `{"\n"}`. */
const STRING_LITERAL = /^"(?:[^"\\]|\\.)*"$/;
/** `.items[*]`, `.items[0]`… at the start of a path, with an optional root `@`/`$`. */
const ITEMS = /^[@$]?\.items\[(?:\*|-?\d+)\]/;
/** A plain path: no filters `?()`, unions `,`, quoted keys or spaces. */
const PLAIN_PATH = /^[A-Za-z0-9_.\-\\/[\]*]*$/;

/** The `{...}` expressions of a kubectl JSONPath template, or `undefined` if braces do not balance. */
export function jsonPathExpressions(template: string): string[] | undefined {
  const expressions: string[] = [];
  let depth = 0;
  let start = -1;
  let inString = false;
  for (let i = 0; i < template.length; i++) {
    const c = template[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"' && depth > 0) {
      inString = true;
    } else if (c === '{') {
      if (depth++ === 0) start = i + 1;
    } else if (c === '}') {
      if (--depth < 0) return undefined;
      if (depth === 0) expressions.push(template.slice(start, i).trim());
    }
  }
  return depth === 0 && !inString ? expressions : undefined;
}

/**
 * True for a path that can print only metadata, type, kind or a literal.
 * The whole annotation map is excluded: `kubectl apply` keeps a copy of the
 * applied object, data included, in the `last-applied-configuration`
 * annotation.
 */
function isMetadataOnly(expression: string): boolean {
  if (expression === 'end' || STRING_LITERAL.test(expression)) return true;
  const isRange = /^range\s/.test(expression);
  let path = expression.replace(/^range\s+/, '');
  const items = ITEMS.exec(path);
  if (items) path = path.slice(items[0].length);
  if (isRange && items && path === '') return true;
  path = path.replace(/^[@$]/, '');
  if (!PLAIN_PATH.test(path)) return false;
  if (path.includes('..') || /last-applied/i.test(path)) return false;
  if (['.type', '.kind', '.apiVersion'].includes(path)) return true;
  const metadata = /^\.metadata\.([A-Za-z]+)(.*)$/.exec(path);
  if (!metadata) return false;
  const [, field, rest] = metadata;
  return field !== 'annotations' || /^[.[]./.test(rest);
}

/**
 * True when a JSONPath template such as `{.metadata.annotations}` or
 * `{range .items[*]}{.metadata.name}{"\n"}{end}` prints nothing but
 * metadata, type, kind and literals. Anything else, `{.data.x}`, `{..}`, `{}`
 * or unbalanced braces, may print secret data.
 */
export function jsonPathShowsOnlyMetadata(template: string): boolean {
  const expressions = jsonPathExpressions(template);
  return (
    expressions !== undefined &&
    expressions.length > 0 &&
    expressions.every(isMetadataOnly)
  );
}

/**
 * The same for a custom-columns column: kubectl accepts it with or without
 * braces and leading dot (`NAME:.metadata.name`, `NAME:metadata.name`).
 */
export function columnShowsOnlyMetadata(expression: string): boolean {
  const e = expression.trim();
  if (e.startsWith('{')) return jsonPathShowsOnlyMetadata(e);
  return isMetadataOnly(e.startsWith('.') ? e : `.${e}`);
}
