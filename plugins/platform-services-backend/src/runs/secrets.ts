/**
 * Secret values never leave the backend: a Secret is reduced to its metadata
 * and the size of each value the moment it is read, and every output is
 * scanned for the values of the Secrets the operation read before it is
 * returned.
 */

/** The annotation `kubectl apply` writes, which holds a copy of the object, data included. */
export const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

/** A Secret as the backend keeps it: no values, only their sizes. */
export interface SafeSecret {
  apiVersion: 'v1';
  kind: 'Secret';
  metadata: Record<string, any> & { name: string };
  type?: string;
  immutable?: boolean;
  /** Bytes of each value, by key (what `kubectl describe secret` shows). */
  dataBytes: Record<string, number>;
}

/** Metadata without managedFields and without the last-applied copy of the object. */
export function safeMetadata<T extends Record<string, any>>(metadata: T): T {
  const { managedFields: _managed, ...rest }: Record<string, any> =
    metadata ?? {};
  if (rest.annotations) {
    const { [LAST_APPLIED]: _copy, ...annotations } = rest.annotations;
    if (Object.keys(annotations).length > 0) rest.annotations = annotations;
    else delete rest.annotations;
  }
  return rest as T;
}

/**
 * Reduces a Secret read from the API to its metadata and value sizes, and
 * hands back the values (decoded and as sent) for {@link SecretGuard}.
 */
export function sanitizeSecret(raw: any): {
  secret: SafeSecret;
  values: string[];
} {
  const values: string[] = [];
  const dataBytes: Record<string, number> = {};
  for (const [key, encoded] of Object.entries<unknown>(raw?.data ?? {})) {
    const text = typeof encoded === 'string' ? encoded : '';
    const decoded = Buffer.from(text, 'base64');
    dataBytes[key] = decoded.length;
    values.push(text, decoded.toString('utf8'));
  }
  for (const [key, value] of Object.entries<unknown>(raw?.stringData ?? {})) {
    const text = typeof value === 'string' ? value : '';
    dataBytes[key] = Buffer.byteLength(text);
    values.push(text, Buffer.from(text).toString('base64'));
  }
  return {
    secret: {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: safeMetadata(raw?.metadata ?? {}),
      ...(raw?.type ? { type: raw.type } : {}),
      ...(raw?.immutable !== undefined ? { immutable: raw.immutable } : {}),
      dataBytes,
    },
    values,
  };
}

/** Values shorter than this are not searched for: they would match ordinary text. */
const MIN_GUARDED_LENGTH = 6;

/** What replaces a Secret value found in an output. */
export const HIDDEN = '[secret value hidden]';

/**
 * The values of the Secrets one operation read, kept only for the length of
 * the operation, to make sure none of them reaches its output (for example
 * through a log line that prints a password).
 */
export class SecretGuard {
  private readonly values = new Set<string>();

  remember(values: Iterable<string>) {
    for (const v of values) {
      if (v.length >= MIN_GUARDED_LENGTH) this.values.add(v);
    }
  }

  get size(): number {
    return this.values.size;
  }

  /** The text with every remembered value replaced by {@link HIDDEN}. */
  scrub(text: string): string {
    let out = text;
    // Longest first, so a value containing another is hidden whole.
    for (const v of [...this.values].sort((a, b) => b.length - a.length)) {
      if (out.includes(v)) out = out.split(v).join(HIDDEN);
    }
    return out;
  }

  /** Scrubs every string inside a JSON value. */
  scrubValue<T>(value: T): T {
    if (this.values.size === 0) return value;
    if (typeof value === 'string') return this.scrub(value) as T;
    if (Array.isArray(value)) return value.map(v => this.scrubValue(v)) as T;
    if (value && typeof value === 'object') {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value))
        out[this.scrub(k)] = this.scrubValue(v);
      return out as T;
    }
    return value;
  }
}
