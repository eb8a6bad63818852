/*
 * Installs our CustomResourceDefinitions (tools/crds) and waits until the API server serves them.
 */
import { repoPaths } from './layout.ts';
import { forEachLimited, type KubeRest } from './kube.ts';
import { manifestFiles, readManifestFile } from './manifests.ts';
import { waitUntil } from './processes.ts';

interface CrdStatus {
  status?: { conditions?: Array<{ type: string; status: string }> };
}

/** Applies every CRD in tools/crds and resolves once all are Established. */
export async function installCrds(kube: KubeRest): Promise<string[]> {
  const crds = manifestFiles(repoPaths.crdsDir).flatMap(readManifestFile);
  await forEachLimited(crds, 8, async crd => {
    await kube.apply(crd);
  });
  await forEachLimited(crds, 8, async crd => {
    const name = crd.metadata.name;
    await waitUntil(
      `CRD ${name} Established`,
      async () => {
        const current = (await kube.get({
          apiVersion: crd.apiVersion,
          kind: crd.kind,
          name,
        })) as CrdStatus | undefined;
        const established = current?.status?.conditions?.some(
          c => c.type === 'Established' && c.status === 'True',
        );
        return established ? true : undefined;
      },
      { timeoutMs: 30_000, intervalMs: 100 },
    );
  });
  kube.forgetDiscovery();
  return crds.map(crd => crd.metadata.name);
}
