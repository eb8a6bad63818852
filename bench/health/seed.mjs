/**
 * Writes the synthetic platform (generate.mjs) into the stack's API server
 * with the admin kubeconfig and @kubernetes/client-node: namespaces, then per
 * service its Kustomization and HelmRelease (flux-system), Deployments and
 * Pods, each created and then given its status through the /status
 * subresource (a PUT of the object the create returned). At most
 * `concurrency` requests are in flight, over one keep-alive connection pool
 * (clients.mjs).
 */
import { clientsOf } from './clients.mjs';
import {
  COMPONENTS,
  fluxObjectsOf,
  FLUX_NAMESPACE,
  podStatus,
  workloadObjectsOf,
} from './generate.mjs';

/** Runs `fn` over `items` with at most `limit` calls in flight; rejects with the first error. */
export async function forEachLimited(items, limit, fn) {
  let next = 0;
  let failed;
  const lane = async () => {
    while (next < items.length && !failed) {
      const item = items[next++];
      try {
        await fn(item);
      } catch (e) {
        failed ??= e;
      }
    }
  };
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, lane),
  );
  if (failed) throw failed;
}

const describe = e =>
  `${e?.code ?? ''} ${
    typeof e?.body === 'string' ? e.body.slice(0, 300) : e?.message ?? e
  }`;

/** Retries a request that the busy API server refused (429) or that timed out. */
async function withRetry(what, fn) {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (e) {
      const retriable =
        e?.code === 429 ||
        e?.code === 503 ||
        /ECONNRESET|ETIMEDOUT|socket hang up/i.test(String(e?.message));
      if (!retriable || attempt >= 5) {
        throw new Error(`${what}: ${describe(e)}`);
      }
      await new Promise(r => setTimeout(r, 200 * attempt));
    }
  }
}

const FLUX = {
  Kustomization: {
    group: 'kustomize.toolkit.fluxcd.io',
    version: 'v1',
    plural: 'kustomizations',
  },
  HelmRelease: {
    group: 'helm.toolkit.fluxcd.io',
    version: 'v2',
    plural: 'helmreleases',
  },
};

/**
 * Seeds the plan; returns counts and per-phase milliseconds. `log` receives
 * progress lines.
 */
export async function seedPlatform({
  lib,
  kubeconfigPath,
  plan,
  concurrency = 16,
  log = () => {},
}) {
  const { core, apps, custom } = clientsOf(lib, kubeconfigPath);
  const counts = {
    namespaces: 0,
    kustomizations: 0,
    helmReleases: 0,
    deployments: 0,
    pods: 0,
    podsWithStatus: 0,
    requests: 0,
  };
  const ms = {};
  const count = (key, n = 1) => {
    counts[key] += n;
  };
  const req = async (what, fn) => {
    counts.requests++;
    return withRetry(what, fn);
  };

  let t = performance.now();
  await forEachLimited(plan.namespaces, concurrency, async name => {
    await req(`Namespace ${name}`, () =>
      core.createNamespace({ body: { metadata: { name } } }),
    );
    count('namespaces');
  });
  ms.namespaces = performance.now() - t;

  t = performance.now();
  await forEachLimited(plan.services, concurrency, async s => {
    for (const { object, status } of fluxObjectsOf(s)) {
      const where = { ...FLUX[object.kind], namespace: FLUX_NAMESPACE };
      const what = `${object.kind} ${FLUX_NAMESPACE}/${object.metadata.name}`;
      const created = await req(what, () =>
        custom.createNamespacedCustomObject({ ...where, body: object }),
      );
      await req(`${what} status`, () =>
        custom.replaceNamespacedCustomObjectStatus({
          ...where,
          name: object.metadata.name,
          body: { ...created, status },
        }),
      );
      count(object.kind === 'HelmRelease' ? 'helmReleases' : 'kustomizations');
    }
  });
  ms.flux = performance.now() - t;
  log(
    `  flux objects: ${counts.helmReleases + counts.kustomizations} in ${(
      ms.flux / 1000
    ).toFixed(1)} s`,
  );

  t = performance.now();
  // One item per Deployment or Pod, so that the lanes stay busy.
  const work = [];
  for (const s of plan.services) {
    const { deployments, pods } = workloadObjectsOf(s);
    for (const d of deployments) work.push(['deployment', d]);
    for (const p of pods) work.push(['pod', p]);
  }
  let done = 0;
  let lastLog = performance.now();
  await forEachLimited(
    work,
    concurrency,
    async ([kind, { object, status }]) => {
      const { name, namespace } = object.metadata;
      if (kind === 'deployment') {
        const created = await req(`Deployment ${namespace}/${name}`, () =>
          apps.createNamespacedDeployment({ namespace, body: object }),
        );
        created.status = status;
        await req(`Deployment ${namespace}/${name} status`, () =>
          apps.replaceNamespacedDeploymentStatus({
            name,
            namespace,
            body: created,
          }),
        );
        count('deployments');
      } else {
        const created = await req(`Pod ${namespace}/${name}`, () =>
          core.createNamespacedPod({ namespace, body: object }),
        );
        if (status) {
          created.status = status;
          await req(`Pod ${namespace}/${name} status`, () =>
            core.replaceNamespacedPodStatus({ name, namespace, body: created }),
          );
          count('podsWithStatus');
        }
        count('pods');
      }
      if (++done % 2000 === 0 && performance.now() - lastLog > 10_000) {
        lastLog = performance.now();
        log(
          `  workloads: ${done} of ${work.length} objects, ${(
            (performance.now() - t) /
            1000
          ).toFixed(0)} s`,
        );
      }
    },
  );
  ms.workloads = performance.now() - t;
  return { counts, ms };
}

/**
 * Turns one Ready pod of `service` into CrashLoopBackOff through the status
 * subresource. The pod is read first; `onWrite` is called just before the
 * write is sent, and the promise resolves when the API server has answered.
 */
export async function crashPod({ core, service, replica = 3, onWrite }) {
  const component = COMPONENTS[0];
  const { pods } = workloadObjectsOf(service);
  const pod = pods.filter(
    p => p.object.metadata.labels['app.kubernetes.io/component'] === component,
  )[replica];
  const { name, namespace } = pod.object.metadata;
  const current = await core.readNamespacedPod({ name, namespace });
  current.status = podStatus(component, 'crashloop');
  onWrite?.();
  await core.replaceNamespacedPodStatus({ name, namespace, body: current });
  return { name, namespace };
}
