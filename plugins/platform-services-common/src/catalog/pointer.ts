/**
 * JSON Pointer (RFC 6901) helpers.
 */

/** Escapes one reference token. */
export function escapeToken(token: string | number): string {
  return String(token).replace(/~/g, '~0').replace(/\//g, '~1');
}

/** Builds a pointer from reference tokens: `pointer('services', 3, 'name')` is `/services/3/name`. */
export function pointer(...tokens: Array<string | number>): string {
  return tokens.map(t => `/${escapeToken(t)}`).join('');
}
