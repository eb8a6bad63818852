/**
 * Kubernetes clients of the harness. @kubernetes/client-node 2.0.1 gives
 * every request a new undici Agent (KubeConfig.applySecurityAuthentication
 * calls createDispatcher each time), so each request opens a new TLS
 * connection. `keepAliveKubeConfig` is a KubeConfig that hands every request
 * one shared keep-alive Agent instead; the requests themselves are unchanged.
 */

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
