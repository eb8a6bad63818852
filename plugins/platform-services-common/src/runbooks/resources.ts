/**
 * The names of Kubernetes resource types as operations carry them. The table
 * of types runbook commands may name lives with the runbook compiler in the
 * backend.
 */

/** A Kubernetes resource type, as the backend addresses it. @public */
export interface ResourceType {
  /** Lower-case plural, as in the API path: `helmreleases`. */
  plural: string;
  kind: string;
  /** API group; `''` for the core group. */
  group: string;
  version: string;
  namespaced: boolean;
}

/** @public */
export type FluxObjectKind = 'HelmRelease' | 'Kustomization';
