/**
 * The fan-out baseline: what a page view costs when every request reads the
 * API server, as Backstage's Kubernetes plugin does. Per request, in
 * parallel, a fresh list of each kind the health answer needs:
 *
 * - every `service`-scoped kind the watch cache keeps (12), in the service's
 *   namespace, with `makeKubeReader(...).list` (the cache's own list call,
 *   pages followed);
 * - the cluster-scoped kinds (ClusterSecretStore), cluster-wide, the same way;
 * - the service's Kustomization and HelmRelease in their namespace, filtered
 *   on the server to the service (`fieldSelector=metadata.name=<name>`, with
 *   the same client's KubernetesObjectApi, since makeKubeReader.list takes no
 *   selector). Listing all of flux-system instead would make the baseline
 *   much slower; filtering keeps the comparison conservative.
 *
 * then the same evaluation the cache side runs, `evaluateServiceHealth`, over
 * those objects and the whole catalog (for attribution in shared
 * namespaces). `kc` is the client configuration: the backend's own
 * (makeKubeConfig), or one that reuses connections (clients.mjs). Upstream health is not fanned out (no `upstream` map): that
 * would cost one more fan-out per dependency, so again the baseline is the
 * cheaper variant.
 */

export function fanOutPageView(lib, kc, services) {
  const reader = lib.makeKubeReader(kc);
  const objectsApi = lib.KubernetesObjectApi.makeApiClient(kc);
  const apiVersionOf = k => (k.group ? `${k.group}/${k.version}` : k.version);
  const byScope = scope => lib.WATCHED_KINDS.filter(k => k.scope === scope);

  const listAll = async (kind, namespace) => {
    const items = [];
    let token;
    try {
      do {
        const page = await reader.list(
          apiVersionOf(kind),
          kind.kind,
          namespace,
          token,
        );
        items.push(...page.items);
        token = page.continueToken;
      } while (token);
    } catch (e) {
      // A kind the cluster does not serve or the identity may not read: left out, as the cache does.
      if (e?.code === 404 || e?.code === 403) return undefined;
      throw e;
    }
    return items;
  };
  const listNamed = async (kind, ref) => {
    const list = await objectsApi.list(
      apiVersionOf(kind),
      kind.kind,
      ref.namespace,
      undefined,
      undefined,
      undefined,
      `metadata.name=${ref.name}`,
    );
    return list.items;
  };

  /**
   * One page view of `service`: fan-out, then evaluation. Resolves with the
   * answer and request count. `upstream` (by name, the summaries of the
   * services it depends on) is what a fan-out of those services would give;
   * the page-view figures leave it out (see above), the agreement check
   * passes it in (upstreamOf).
   */
  return async function pageView(service, upstream) {
    const jobs = [
      ...byScope('service').map(k => [k, listAll(k, service.namespace)]),
      ...byScope('cluster').map(k => [k, listAll(k, undefined)]),
      ...byScope('flux').flatMap(k => {
        const ref =
          k.key === 'helmReleases'
            ? service.flux.helmRelease
            : service.flux.kustomization;
        return ref ? [[k, listNamed(k, ref)]] : [[k, Promise.resolve([])]];
      }),
    ];
    const lists = await Promise.all(jobs.map(([, items]) => items));
    const objects = {};
    jobs.forEach(([kind], i) => {
      if (lists[i]) objects[kind.key] = lists[i];
    });
    const health = lib.evaluateServiceHealth({
      service,
      services,
      environment: 'dev',
      objects,
      now: new Date(),
      ...(upstream ? { upstream } : {}),
    });
    return { health, requests: jobs.length };
  };
}

/**
 * The upstream summaries of `service` by a fan-out of each service it
 * depends on (transitively, each evaluated with its own upstream), so that
 * the fan-out's verdict can be compared with the cache's, which has them.
 */
export async function upstreamOf(pageView, service, byName, seen = new Map()) {
  const upstream = new Map();
  for (const { service: name } of service.dependsOn ?? []) {
    const dependency = byName.get(name);
    if (!dependency) continue;
    if (!seen.has(name)) {
      seen.set(name, undefined); // a cycle stops here
      const { health } = await pageView(
        dependency,
        await upstreamOf(pageView, dependency, byName, seen),
      );
      const { status, summary, signals } = health;
      seen.set(name, { service: name, status, summary, signals });
    }
    if (seen.get(name)) upstream.set(name, seen.get(name));
  }
  return upstream;
}
