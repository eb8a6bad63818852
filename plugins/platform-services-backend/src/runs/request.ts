/**
 * Checking what a page sends: `RunRequest` bodies and query parameters,
 * with the field named in every error.
 */
import { InputError } from '@backstage/errors';
import { RunRequest } from '@platform-services/plugin-platform-services-common';

const RUN_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,99}$/;

function shown(got: unknown): string {
  if (got === undefined) return 'nothing';
  if (typeof got === 'string') return `"${got.slice(0, 60)}"`;
  return String(JSON.stringify(got)).slice(0, 60);
}

function fail(field: string, expected: string, got: unknown): never {
  throw new InputError(
    `Invalid request body: ${field} must be ${expected}, got ${shown(got)}`,
  );
}

function text(
  body: Record<string, unknown>,
  field: string,
  max: number,
): string {
  const v = body[field];
  if (typeof v !== 'string' || v.trim() === '' || v.length > max) {
    fail(field, `a non-empty string of at most ${max} characters`, v);
  }
  return v;
}

/** Validates a `POST /services/:name/runs` body. */
export function parseRunRequest(body: unknown): RunRequest {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new InputError(
      'Invalid request body: expected a JSON object (RunRequest)',
    );
  }
  const b = body as Record<string, unknown>;
  const known = new Set([
    'runId',
    'environment',
    'runbookId',
    'stepIndex',
    'mode',
    'confirmation',
  ]);
  const unknown = Object.keys(b).filter(k => !known.has(k));
  if (unknown.length > 0) {
    throw new InputError(
      `Invalid request body: unknown field ${unknown
        .map(k => `"${k}"`)
        .join(', ')}`,
    );
  }
  if (typeof b.runId !== 'string' || !RUN_ID.test(b.runId)) {
    fail(
      'runId',
      "1 to 100 letters, digits, '.', '_', ':' or '-' (a UUID fits)",
      b.runId,
    );
  }
  const environment = text(b, 'environment', 63);
  const runbookId = text(b, 'runbookId', 200);
  if (
    typeof b.stepIndex !== 'number' ||
    !Number.isInteger(b.stepIndex) ||
    b.stepIndex < 0
  ) {
    fail('stepIndex', 'a whole number from 0', b.stepIndex);
  }
  if (b.mode !== 'preview' && b.mode !== 'run')
    fail('mode', '"preview" or "run"', b.mode);
  if (
    b.confirmation !== undefined &&
    (typeof b.confirmation !== 'string' || b.confirmation.length > 253)
  ) {
    fail('confirmation', 'a string of at most 253 characters', b.confirmation);
  }
  return {
    runId: b.runId,
    environment,
    runbookId,
    stepIndex: b.stepIndex,
    mode: b.mode,
    ...(b.confirmation !== undefined
      ? { confirmation: b.confirmation as string }
      : {}),
  };
}

/** `?limit=`: 1 to 200, default 50. */
export function parseLimit(value: unknown): number {
  if (value === undefined) return 50;
  const n =
    typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : NaN;
  if (!Number.isInteger(n) || n < 1 || n > 200) {
    throw new InputError(
      `Invalid query parameter limit: expected a whole number from 1 to 200, got "${String(
        value,
      )}"`,
    );
  }
  return n;
}

/** An optional single string query parameter. */
export function optionalQuery(
  value: unknown,
  name: string,
): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value === '') {
    throw new InputError(
      `Invalid query parameter ${name}: expected one non-empty value`,
    );
  }
  return value;
}
