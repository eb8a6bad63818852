/**
 * A page-wide signal that the runs of a service changed (a run started or
 * finished from this page), so that the run history refreshes without the
 * page wiring the two sections together.
 */
type Listener = (service: string) => void;

const listeners = new Set<Listener>();

/** Tells every listener that a run of `service` started or finished. */
export function emitRunsChanged(service: string): void {
  for (const listener of [...listeners]) listener(service);
}

/** Calls `listener` on every change until the returned function is called. */
export function onRunsChanged(listener: Listener): () => void {
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
  };
}

/**
 * A fresh run id. `crypto.randomUUID` exists only in secure contexts (HTTPS
 * or localhost); a portal served over plain HTTP falls back to random bytes.
 */
export function newRunId(): string {
  const c = globalThis.crypto;
  if (typeof c?.randomUUID === 'function') return c.randomUUID();
  const bytes = new Uint8Array(16);
  c.getRandomValues(bytes);
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = Array.from(bytes, b => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(
    12,
    16,
  )}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
