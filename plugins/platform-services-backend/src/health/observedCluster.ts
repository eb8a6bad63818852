import { ClusterObjects } from './objects';
import { SecretPresence, stripSecret } from './secrets';

/** `ClusterObjects` after the input boundary: Secrets reduced to their presence. */
export type ObservedCluster = Omit<ClusterObjects, 'secrets'> & {
  secrets?: SecretPresence[];
};

/**
 * The input boundary of the evaluation: every Secret goes through
 * `stripSecret`, so nothing downstream can see a Secret value.
 */
export function observeCluster(objects: ClusterObjects): ObservedCluster {
  const { secrets, ...rest } = objects;
  return secrets ? { ...rest, secrets: secrets.map(stripSecret) } : rest;
}
