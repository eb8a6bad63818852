/**
 * Kubernetes clients of the harness. @kubernetes/client-node 2.0.1 gives
 * every request a new undici Agent (KubeConfig.applySecurityAuthentication
 * calls createDispatcher each time), so each request opens a new TLS
 * connection. `kubeConfigOf(..., { keepAlive: true })` is a KubeConfig that
 * hands every request one shared keep-alive Agent instead; the requests
 * themselves are unchanged.
 *
 * `restOf` is the plain REST client of tools/stack (node:https, one
 * keep-alive pool, JSON in and out, no typed models): what the seeding
 * writers, the churn and the object counts use, so that the harness costs
 * the machine as little as possible and reads the wire as it is.
 */
import { KubeRest } from '../../tools/stack/src/kube.ts';

/** A KubeConfig from `path`; with `keepAlive`, all its requests share one connection pool. */
export function kubeConfigOf(lib, path, { keepAlive = false } = {}) {
  let kc;
  if (keepAlive) {
    class KeepAliveKubeConfig extends lib.KubeConfig {
      async applySecurityAuthentication(context) {
        await super.applySecurityAuthentication(context);
        // The per-request Agent super made is dropped unused (it has opened no connection).
        this.shared ??= new lib.UndiciAgent({ connect: this.tls });
        context.setDispatcher(this.shared);
      }
    }
    kc = new KeepAliveKubeConfig();
  } else {
    kc = new lib.KubeConfig();
  }
  kc.loadFromFile(path);
  if (keepAlive) {
    const cluster = kc.getCurrentCluster();
    kc.tls = {
      ca: cluster.caData
        ? Buffer.from(cluster.caData, 'base64').toString()
        : undefined,
      keepAlive: true,
      keepAliveInitialDelay: 30_000,
    };
  }
  return kc;
}

/** Typed clients of one kubeconfig sharing one keep-alive connection pool. */
export function clientsOf(lib, kubeconfigPath) {
  const kc = kubeConfigOf(lib, kubeconfigPath, { keepAlive: true });
  return {
    kc,
    core: kc.makeApiClient(lib.CoreV1Api),
    apps: kc.makeApiClient(lib.AppsV1Api),
    custom: kc.makeApiClient(lib.CustomObjectsApi),
  };
}

/** The server, CA and bearer token of a kubeconfig written by the stack. */
export function accessOf(lib, kubeconfigPath) {
  const kc = new lib.KubeConfig();
  kc.loadFromFile(kubeconfigPath);
  const cluster = kc.getCurrentCluster();
  const token = kc.getCurrentUser()?.token;
  if (!cluster?.caData || !token)
    throw new Error(
      `${kubeconfigPath}: expected a cluster with caData and a user with a token`,
    );
  return {
    server: cluster.server,
    caPem: Buffer.from(cluster.caData, 'base64').toString(),
    token,
  };
}

/** A plain REST client (tools/stack's KubeRest) for the identity of a kubeconfig. */
export function restOf(lib, kubeconfigPath) {
  return new KubeRest(accessOf(lib, kubeconfigPath));
}
