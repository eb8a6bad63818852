/*
 * Measuring how long the stack's steps take (reported by `yarn stack up` and in ScenarioSwitch).
 */

/** Runs `fn` and records its duration in `timings[phase]` (milliseconds), also when it fails. */
export async function timed<T>(
  timings: Record<string, number>,
  phase: string,
  fn: () => Promise<T>,
): Promise<T> {
  const start = Date.now();
  try {
    return await fn();
  } finally {
    timings[phase] = Date.now() - start;
  }
}

/** Runs `fn` and resolves with its value and duration (milliseconds). */
export async function measured<T>(
  fn: () => Promise<T>,
): Promise<{ value: T; ms: number }> {
  const start = Date.now();
  const value = await fn();
  return { value, ms: Date.now() - start };
}
