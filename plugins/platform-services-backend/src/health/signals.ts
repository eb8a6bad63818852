import type { SignalId } from '@platform-services/plugin-platform-services-common';

/** How much a signal says about the cause when it matches a runbook. */
type SignalSpecificity = 'specific' | 'generic';

interface SignalDefinition {
  specificity: SignalSpecificity;
  description: string;
  /** Broader signals that hold whenever this one does. */
  implies?: SignalId[];
}

/**
 * The fixed vocabulary of symptoms. Generic signals (a pod crash-looping, a
 * Flux object not ready) have many causes; specific ones point at one.
 */
export const SIGNALS: Record<SignalId, SignalDefinition> = {
  'helmrelease-upgrade-failed': {
    specificity: 'specific',
    description: 'A Helm upgrade of the HelmRelease failed',
    implies: ['helmrelease-not-ready'],
  },
  'helmrelease-not-ready': {
    specificity: 'generic',
    description: 'The HelmRelease is not Ready',
  },
  'kustomization-not-ready': {
    specificity: 'generic',
    description: 'The Flux Kustomization is not Ready',
  },
  'schema-job-failed': {
    specificity: 'specific',
    description: 'The database schema Job failed',
    implies: ['job-failed'],
  },
  'job-failed': { specificity: 'generic', description: 'A Job failed' },
  'pods-crashlooping': {
    specificity: 'generic',
    description: 'Pods of a component are in CrashLoopBackOff',
  },
  'pods-oomkilled': {
    specificity: 'specific',
    description: 'Pods of a component were OOMKilled',
  },
  'pods-pending': {
    specificity: 'generic',
    description: 'Pods of a component stay Pending',
  },
  'pods-not-ready': {
    specificity: 'generic',
    description: 'Pods of a component run but are not ready',
  },
  'image-pull-failed': {
    specificity: 'specific',
    description: 'An image cannot be pulled',
  },
  'externalsecret-not-synced': {
    specificity: 'specific',
    description: 'An ExternalSecret does not sync its Secret',
  },
  'secretstore-not-ready': {
    specificity: 'specific',
    description: 'A SecretStore or ClusterSecretStore is not ready',
  },
  'secret-missing': {
    specificity: 'specific',
    description: 'A Secret the service needs does not exist',
  },
  'ingress-backend-no-endpoints': {
    specificity: 'specific',
    description: 'An IngressRoute backend Service has no ready endpoints',
  },
  'postgres-cluster-degraded': {
    specificity: 'specific',
    description: 'The CloudNativePG cluster is not fully healthy',
  },
  'temporal-backlog-no-pollers': {
    specificity: 'specific',
    description: 'A Temporal task queue has a backlog and no pollers',
  },
  'temporal-frontend-unreachable': {
    specificity: 'specific',
    description: 'The Temporal frontend does not answer',
  },
  'temporal-namespace-missing': {
    specificity: 'specific',
    description: 'An expected Temporal namespace does not exist',
  },
  'temporal-namespace-retention-mismatch': {
    specificity: 'specific',
    description: 'A Temporal namespace keeps closed workflows longer or shorter than declared',
  },
};

/** True when `id` is in the vocabulary. */
export function isSignalId(id: string): id is SignalId {
  return Object.prototype.hasOwnProperty.call(SIGNALS, id);
}
