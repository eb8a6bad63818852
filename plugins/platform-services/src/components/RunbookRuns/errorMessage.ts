import { ResponseError } from '@backstage/errors';

/**
 * What to tell the operator about a failed request: the backend's own message
 * (e.g. why a run was not allowed) rather than "Request failed with 403".
 */
export function errorMessage(error: Error): string {
  if (ResponseError.is(error)) {
    const cause = error.cause?.message;
    if (cause && cause !== error.message) return cause;
  }
  return error.message;
}
