/**
 * Calls `check` until it stops throwing (an `expect` that fails, say) and
 * returns what it returned; once `timeoutMs` has passed, the last error is
 * thrown.
 */
export async function eventually<T>(
  check: () => T | Promise<T>,
  timeoutMs = 10_000,
  intervalMs = 100,
): Promise<T> {
  const started = Date.now();
  for (;;) {
    try {
      return await check();
    } catch (e) {
      if (Date.now() - started > timeoutMs) throw e;
      await new Promise(r => setTimeout(r, intervalMs));
    }
  }
}
