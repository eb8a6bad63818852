/**
 * The Kubernetes resource types runbook commands name, with the names and
 * short names kubectl accepts for them. A type not listed here is not read by
 * the portal: the step becomes manual.
 */

import type {
  FluxObjectKind,
  ResourceType,
} from '@platform-services/plugin-platform-services-common';

export type { FluxObjectKind, ResourceType };

type Entry = ResourceType & { names: string[] };

function type(
  kind: string,
  group: string,
  version: string,
  namespaced: boolean,
  plural: string,
  ...shortNames: string[]
): Entry {
  const singular = kind.toLowerCase();
  return {
    kind,
    group,
    version,
    namespaced,
    plural,
    names: [plural, singular, ...shortNames],
  };
}

const NAMESPACED = true;
const CLUSTER = false;

const TYPES: Entry[] = [
  type('Pod', '', 'v1', NAMESPACED, 'pods', 'po'),
  type('Service', '', 'v1', NAMESPACED, 'services', 'svc'),
  type('Endpoints', '', 'v1', NAMESPACED, 'endpoints', 'ep'),
  type(
    'PersistentVolumeClaim',
    '',
    'v1',
    NAMESPACED,
    'persistentvolumeclaims',
    'pvc',
  ),
  type('ConfigMap', '', 'v1', NAMESPACED, 'configmaps', 'cm'),
  type('Secret', '', 'v1', NAMESPACED, 'secrets'),
  type('Event', '', 'v1', NAMESPACED, 'events', 'ev'),
  type('ServiceAccount', '', 'v1', NAMESPACED, 'serviceaccounts', 'sa'),
  type('Namespace', '', 'v1', CLUSTER, 'namespaces', 'ns'),
  type('Node', '', 'v1', CLUSTER, 'nodes', 'no'),
  type('PersistentVolume', '', 'v1', CLUSTER, 'persistentvolumes', 'pv'),
  type('Deployment', 'apps', 'v1', NAMESPACED, 'deployments', 'deploy'),
  type('StatefulSet', 'apps', 'v1', NAMESPACED, 'statefulsets', 'sts'),
  type('DaemonSet', 'apps', 'v1', NAMESPACED, 'daemonsets', 'ds'),
  type('ReplicaSet', 'apps', 'v1', NAMESPACED, 'replicasets', 'rs'),
  type('Job', 'batch', 'v1', NAMESPACED, 'jobs'),
  type('CronJob', 'batch', 'v1', NAMESPACED, 'cronjobs', 'cj'),
  type(
    'HorizontalPodAutoscaler',
    'autoscaling',
    'v2',
    NAMESPACED,
    'horizontalpodautoscalers',
    'hpa',
  ),
  type('Lease', 'coordination.k8s.io', 'v1', NAMESPACED, 'leases'),
  type('Ingress', 'networking.k8s.io', 'v1', NAMESPACED, 'ingresses', 'ing'),
  type('StorageClass', 'storage.k8s.io', 'v1', CLUSTER, 'storageclasses', 'sc'),
  type(
    'CustomResourceDefinition',
    'apiextensions.k8s.io',
    'v1',
    CLUSTER,
    'customresourcedefinitions',
    'crd',
    'crds',
  ),
  type('APIService', 'apiregistration.k8s.io', 'v1', CLUSTER, 'apiservices'),
  type(
    'ValidatingWebhookConfiguration',
    'admissionregistration.k8s.io',
    'v1',
    CLUSTER,
    'validatingwebhookconfigurations',
  ),
  type(
    'MutatingWebhookConfiguration',
    'admissionregistration.k8s.io',
    'v1',
    CLUSTER,
    'mutatingwebhookconfigurations',
  ),
  type(
    'HelmRelease',
    'helm.toolkit.fluxcd.io',
    'v2',
    NAMESPACED,
    'helmreleases',
    'hr',
  ),
  type(
    'Kustomization',
    'kustomize.toolkit.fluxcd.io',
    'v1',
    NAMESPACED,
    'kustomizations',
    'ks',
  ),
  type(
    'GitRepository',
    'source.toolkit.fluxcd.io',
    'v1',
    NAMESPACED,
    'gitrepositories',
    'gitrepo',
  ),
  type(
    'HelmRepository',
    'source.toolkit.fluxcd.io',
    'v1',
    NAMESPACED,
    'helmrepositories',
    'helmrepo',
  ),
  type(
    'HelmChart',
    'source.toolkit.fluxcd.io',
    'v1',
    NAMESPACED,
    'helmcharts',
    'hc',
  ),
  type(
    'OCIRepository',
    'source.toolkit.fluxcd.io',
    'v1',
    NAMESPACED,
    'ocirepositories',
    'ocirepo',
  ),
  type(
    'ExternalSecret',
    'external-secrets.io',
    'v1',
    NAMESPACED,
    'externalsecrets',
    'es',
  ),
  type(
    'SecretStore',
    'external-secrets.io',
    'v1',
    NAMESPACED,
    'secretstores',
    'ss',
  ),
  type(
    'ClusterSecretStore',
    'external-secrets.io',
    'v1',
    CLUSTER,
    'clustersecretstores',
    'css',
  ),
  type('Cluster', 'postgresql.cnpg.io', 'v1', NAMESPACED, 'clusters'),
  type('Backup', 'postgresql.cnpg.io', 'v1', NAMESPACED, 'backups'),
  type('IngressRoute', 'traefik.io', 'v1alpha1', NAMESPACED, 'ingressroutes'),
  type('Middleware', 'traefik.io', 'v1alpha1', NAMESPACED, 'middlewares'),
  type(
    'Certificate',
    'cert-manager.io',
    'v1',
    NAMESPACED,
    'certificates',
    'cert',
    'certs',
  ),
  type(
    'CertificateRequest',
    'cert-manager.io',
    'v1',
    NAMESPACED,
    'certificaterequests',
    'cr',
    'crs',
  ),
  type('Issuer', 'cert-manager.io', 'v1', NAMESPACED, 'issuers'),
  type('ClusterIssuer', 'cert-manager.io', 'v1', CLUSTER, 'clusterissuers'),
  type(
    'ServiceMonitor',
    'monitoring.coreos.com',
    'v1',
    NAMESPACED,
    'servicemonitors',
    'smon',
  ),
  type(
    'PodMonitor',
    'monitoring.coreos.com',
    'v1',
    NAMESPACED,
    'podmonitors',
    'pmon',
  ),
  type(
    'Prometheus',
    'monitoring.coreos.com',
    'v1',
    NAMESPACED,
    'prometheuses',
    'prom',
  ),
  type(
    'PrometheusRule',
    'monitoring.coreos.com',
    'v1',
    NAMESPACED,
    'prometheusrules',
    'promrule',
  ),
  type(
    'ScaledObject',
    'keda.sh',
    'v1alpha1',
    NAMESPACED,
    'scaledobjects',
    'so',
  ),
  type('ScaledJob', 'keda.sh', 'v1alpha1', NAMESPACED, 'scaledjobs', 'sj'),
  type('SealedSecret', 'bitnami.com', 'v1alpha1', NAMESPACED, 'sealedsecrets'),
];

const BY_NAME = new Map<string, Entry>();
for (const entry of TYPES) {
  for (const name of entry.names) BY_NAME.set(name, entry);
  BY_NAME.set(`${entry.plural}.${entry.group}`, entry);
  BY_NAME.set(`${entry.kind.toLowerCase()}.${entry.group}`, entry);
}

/**
 * The resource type kubectl would understand by `name`: a plural, singular
 * or short name (`helmreleases`, `helmrelease`, `hr`), optionally qualified
 * by its group (`externalsecrets.external-secrets.io`). Case-insensitive.
 */
export function resourceType(name: string): ResourceType | undefined {
  const entry = BY_NAME.get(name.toLowerCase());
  if (!entry) return undefined;
  const { names: _names, ...resource } = entry;
  return resource;
}

/** True for the Flux objects a service is deployed by. */
export function isFluxKind(kind: string): kind is FluxObjectKind {
  return kind === 'HelmRelease' || kind === 'Kustomization';
}

/** A name kubectl would read as the Secret type, qualified or not. */
export function isSecretTypeName(name: string): boolean {
  return resourceType(name)?.kind === 'Secret' || /^secrets?\./i.test(name);
}
