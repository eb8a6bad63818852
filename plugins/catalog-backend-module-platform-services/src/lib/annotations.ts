/** Annotations the provider puts on the entities it makes. @public */
export const ANNOTATION_SERVICE = 'platform-services.io/service';
/** @public */
export const ANNOTATION_FLUX_KUSTOMIZATION =
  'platform-services.io/flux-kustomization';
/** @public */
export const ANNOTATION_FLUX_HELMRELEASE =
  'platform-services.io/flux-helmrelease';
/** @public */
export const ANNOTATION_NAMESPACE = 'platform-services.io/namespace';
/** @public */
export const ANNOTATION_SOURCE_PATH = 'platform-services.io/source-path';
/** @public */
export const ANNOTATION_CATALOG_COMMIT = 'platform-services.io/catalog-commit';
/** @public */
export const ANNOTATION_STATUS = 'platform-services.io/status';
/** The standard annotation the Kubernetes plugin reads. @public */
export const ANNOTATION_KUBERNETES_NAMESPACE =
  'backstage.io/kubernetes-namespace';
