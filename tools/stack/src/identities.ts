/*
 * Who talks to the stack's API server: the admin (static token, system:masters) and the
 * least-privilege ServiceAccounts of examples/rbac, with tokens from the TokenRequest API (which
 * needs no controller-manager). Each gets a kubeconfig file with the CA embedded.
 */
import { writeFileSync } from 'node:fs';
import { stringify } from 'yaml';
import { adminUser } from './certs.ts';
import { forEachLimited, type KubeRest } from './kube.ts';
import { repoPaths } from './layout.ts';
import { inApplyOrder, manifestFiles, readManifestFile } from './manifests.ts';

/** The namespace of the plugin's ServiceAccounts (examples/rbac/serviceaccounts.yaml). */
export const identityNamespace = 'platform-services';

/** ServiceAccounts the stack writes kubeconfigs for: read only, and read + act. */
export const serviceAccounts = {
  viewer: 'platform-services-viewer',
  operator: 'platform-services-operator',
} as const;

/** Lifetime asked of minted tokens: long enough for a stack that runs for weeks. */
const tokenLifetimeSeconds = 30 * 24 * 3600;

/** Applies every manifest of examples/rbac. */
export async function applyRbac(kube: KubeRest): Promise<void> {
  const objects = inApplyOrder(
    manifestFiles(repoPaths.rbacDir).flatMap(readManifestFile),
  );
  const namespaces = objects.filter(o => o.kind === 'Namespace');
  await forEachLimited(namespaces, 4, async o => {
    await kube.apply(o);
  });
  await forEachLimited(
    objects.filter(o => o.kind !== 'Namespace'),
    8,
    async o => {
      await kube.apply(o);
    },
  );
}

/** Mints a token for a ServiceAccount with the TokenRequest API. */
export async function mintServiceAccountToken(
  kube: KubeRest,
  namespace: string,
  name: string,
): Promise<string> {
  const answer = await kube.request<{ status?: { token?: string } }>(
    'POST',
    `/api/v1/namespaces/${namespace}/serviceaccounts/${name}/token`,
    {
      body: {
        apiVersion: 'authentication.k8s.io/v1',
        kind: 'TokenRequest',
        spec: { expirationSeconds: tokenLifetimeSeconds },
      },
    },
  );
  const token = answer.status?.token;
  if (!token) {
    throw new Error(`TokenRequest for ${namespace}/${name} returned no token`);
  }
  return token;
}

/** A kubeconfig with one cluster, user and context. */
export function kubeconfigYaml(options: {
  server: string;
  caPem: string;
  user: string;
  token: string;
}): string {
  const context = `platform-services-stack-${options.user}`;
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [
      {
        name: 'platform-services-stack',
        cluster: {
          server: options.server,
          'certificate-authority-data': Buffer.from(options.caPem).toString(
            'base64',
          ),
        },
      },
    ],
    users: [{ name: options.user, user: { token: options.token } }],
    contexts: [
      {
        name: context,
        context: { cluster: 'platform-services-stack', user: options.user },
      },
    ],
    'current-context': context,
  });
}

/** Kubeconfig paths by identity. */
export interface Kubeconfigs {
  admin: string;
  viewer: string;
  operator: string;
}

/**
 * Applies examples/rbac, mints the ServiceAccounts' tokens and writes the three kubeconfigs.
 */
export async function writeIdentities(options: {
  kube: KubeRest;
  server: string;
  caPem: string;
  adminToken: string;
  kubeconfigPath: (identity: keyof Kubeconfigs) => string;
}): Promise<Kubeconfigs> {
  const { kube, server, caPem } = options;
  await applyRbac(kube);
  const write = (identity: keyof Kubeconfigs, user: string, token: string) => {
    const path = options.kubeconfigPath(identity);
    writeFileSync(path, kubeconfigYaml({ server, caPem, user, token }), {
      mode: 0o600,
    });
    return path;
  };
  const [viewerToken, operatorToken] = await Promise.all([
    mintServiceAccountToken(kube, identityNamespace, serviceAccounts.viewer),
    mintServiceAccountToken(kube, identityNamespace, serviceAccounts.operator),
  ]);
  return {
    admin: write('admin', adminUser, options.adminToken),
    viewer: write('viewer', serviceAccounts.viewer, viewerToken),
    operator: write('operator', serviceAccounts.operator, operatorToken),
  };
}
