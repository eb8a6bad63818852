import type { ObjectMeta, SecretObject } from './objects';

/**
 * What health may know about a Secret: that it exists, its type and labels.
 * No data, no annotations (`kubectl.kubernetes.io/last-applied-configuration`
 * holds the whole Secret), no managed fields.
 */
export interface SecretPresence {
  metadata: Pick<ObjectMeta, 'name' | 'namespace' | 'labels'>;
  type?: string;
}

/**
 * Drops everything from a Secret but its name, namespace, labels and type.
 * Called on every Secret at the input boundary, so no value can reach a
 * check, a message or a response.
 */
export function stripSecret(secret: SecretObject): SecretPresence {
  const { name, namespace, labels } = secret.metadata;
  return {
    metadata: {
      name,
      ...(namespace !== undefined ? { namespace } : {}),
      ...(labels ? { labels: { ...labels } } : {}),
    },
    ...(typeof secret.type === 'string' ? { type: secret.type } : {}),
  };
}
