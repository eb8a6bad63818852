/**
 * One seeding writer (forked by seed.mjs): seeds the services of the plan
 * whose index is `writer` mod `writers`, with `concurrency` requests in
 * flight over one keep-alive pool. Creates each object, then writes its
 * status with one merge patch of /status. Reports progress and its counts
 * over IPC: { type: 'progress' | 'done' | 'failed', ... }.
 */
import { KubeRest } from '../../tools/stack/src/kube.ts';
import {
  FLUX_NAMESPACE,
  fluxObjectsOf,
  platformPlan,
  workloadObjectsOf,
} from './generate.mjs';
import { forEachLimited, withRetry } from './seed.mjs';

const PATHS = {
  Kustomization: `/apis/kustomize.toolkit.fluxcd.io/v1/namespaces/${FLUX_NAMESPACE}/kustomizations`,
  HelmRelease: `/apis/helm.toolkit.fluxcd.io/v2/namespaces/${FLUX_NAMESPACE}/helmreleases`,
  Deployment: ns => `/apis/apps/v1/namespaces/${ns}/deployments`,
  Pod: ns => `/api/v1/namespaces/${ns}/pods`,
};
const KEYS = {
  Kustomization: 'kustomizations',
  HelmRelease: 'helmReleases',
  Deployment: 'deployments',
  Pod: 'pods',
};

process.once(
  'message',
  async ({ access, planOptions, writer, writers, concurrency }) => {
    const rest = new KubeRest(access);
    const counts = {
      kustomizations: 0,
      helmReleases: 0,
      deployments: 0,
      pods: 0,
      podsWithStatus: 0,
      requests: 0,
    };
    let objects = 0;
    const send = type =>
      process.send({ type, objects, requests: counts.requests, counts });
    const timer = setInterval(() => send('progress'), 2_000);
    try {
      const mine = platformPlan(planOptions).services.filter(
        s => s.index % writers === writer,
      );
      // One item per object, so that the lanes stay busy.
      const work = [];
      for (const s of mine) {
        work.push(...fluxObjectsOf(s));
        const { deployments, pods } = workloadObjectsOf(s);
        work.push(...deployments, ...pods);
      }
      await forEachLimited(work, concurrency, async ({ object, status }) => {
        const { kind } = object;
        const { name, namespace } = object.metadata;
        const base =
          typeof PATHS[kind] === 'function'
            ? PATHS[kind](namespace)
            : PATHS[kind];
        const what = `${kind} ${namespace}/${name}`;
        counts.requests++;
        await withRetry(what, attempt =>
          rest.request('POST', base, { body: object }).catch(e => {
            // A retried create that had gone through the first time.
            if (!(e?.code === 409 && attempt > 1)) throw e;
          }),
        );
        if (status) {
          counts.requests++;
          await withRetry(`${what} status`, () =>
            rest.request('PATCH', `${base}/${name}/status`, {
              body: { status },
              contentType: 'application/merge-patch+json',
            }),
          );
          if (kind === 'Pod') counts.podsWithStatus++;
        }
        counts[KEYS[kind]]++;
        objects++;
      });
      clearInterval(timer);
      send('done');
      rest.close();
      process.exit(0);
    } catch (e) {
      clearInterval(timer);
      process.send({
        type: 'failed',
        error: e instanceof Error ? e.message : String(e),
      });
      rest.close();
      process.exit(1);
    }
  },
);
