import { CatalogFile } from '@platform-services/plugin-platform-services-common';
import { exampleCatalog as readExampleCatalog } from '../../health/__fixtures__/catalog';
import {
  ClusterObjectRef,
  runbookContextFor,
  RunbookContext,
} from '../context';

/** The repository's example catalog, `examples/service-catalog.json`. */
export const exampleCatalog: CatalogFile = readExampleCatalog();

/**
 * Cluster-scoped objects of the example platform and the services whose
 * Kustomization inventory holds them (the catalog does not list them).
 */
export const exampleClusterScopedObjects: Record<string, ClusterObjectRef[]> = {
  'external-secrets-config': [
    { kind: 'ClusterSecretStore', name: 'localstack-secretstore' },
  ],
  'external-secrets': [
    {
      kind: 'CustomResourceDefinition',
      name: 'externalsecrets.external-secrets.io',
    },
  ],
  'cert-manager': [
    { kind: 'ClusterIssuer', name: 'platform-ca' },
    { kind: 'ValidatingWebhookConfiguration', name: 'cert-manager-webhook' },
  ],
  'cnpg-operator': [
    { kind: 'CustomResourceDefinition', name: 'clusters.postgresql.cnpg.io' },
  ],
  keda: [{ kind: 'APIService', name: 'v1beta1.external.metrics.k8s.io' }],
  'metrics-server': [{ kind: 'APIService', name: 'v1beta1.metrics.k8s.io' }],
};

/** The runbook context of a service of the example catalog. */
export function exampleContext(service: string): RunbookContext {
  return runbookContextFor(
    exampleCatalog.services,
    service,
    exampleClusterScopedObjects,
  );
}
