/**
 * Writes the synthetic platform (generate.mjs) into the stack's API server
 * with the admin identity: namespaces first, then `writers` writer processes
 * (seedWriter.mjs) in parallel, each with its own keep-alive connection pool
 * and `concurrency` requests in flight, share the services between them
 * (service i goes to writer i mod writers). Per service: its Kustomization
 * and HelmRelease (flux-system), Deployments and Pods, each created and then
 * given its status through the /status subresource (one merge patch). A
 * writer is a process of its own because one Node thread encoding JSON and
 * TLS for 100,000 pods is slower than the API server it feeds.
 */
import { fork } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { KubeRest } from '../../tools/stack/src/kube.ts';
import { COMPONENTS, podStatus, workloadObjectsOf } from './generate.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));

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

/** Retries a request that the busy API server refused (429, 5xx) or that failed on the wire. */
export async function withRetry(what, fn, attempts = 6) {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn(attempt);
    } catch (e) {
      const retriable =
        e?.code === 429 ||
        e?.code >= 500 ||
        /ECONNRESET|ETIMEDOUT|EPIPE|socket hang up|timed out/i.test(
          String(e?.message),
        );
      if (!retriable || attempt >= attempts) {
        throw new Error(`${what}: ${e?.message ?? e}`);
      }
      await new Promise(r => setTimeout(r, 250 * attempt));
    }
  }
}

/**
 * Seeds the plan; resolves with counts (objects and requests) and per-phase
 * milliseconds. `access` is { server, caPem, token } of the admin; `plan`
 * comes from platformPlan(planOptions). `log` receives progress lines.
 */
export async function seedPlatform({
  access,
  plan,
  planOptions,
  writers = 3,
  concurrency = 16,
  log = () => {},
}) {
  const rest = new KubeRest(access);
  const ms = {};
  let t = performance.now();
  let requests = 0;
  try {
    await forEachLimited(plan.namespaces, concurrency, async name => {
      requests++;
      await withRetry(`Namespace ${name}`, () =>
        rest
          .request('POST', '/api/v1/namespaces', {
            body: { apiVersion: 'v1', kind: 'Namespace', metadata: { name } },
          })
          .catch(e => {
            if (e?.code !== 409) throw e;
          }),
      );
    });
  } finally {
    rest.close();
  }
  ms.namespaces = performance.now() - t;

  t = performance.now();
  const children = [];
  const progress = new Map();
  let lastLog = performance.now();
  const results = await Promise.all(
    Array.from(
      { length: writers },
      (_, writer) =>
        new Promise((resolve, reject) => {
          const child = fork(path.join(HERE, 'seedWriter.mjs'), [], {
            stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
          });
          children.push(child);
          child.on('message', m => {
            if (m.type === 'progress') {
              progress.set(writer, m);
              if (performance.now() - lastLog > 15_000) {
                lastLog = performance.now();
                const all = [...progress.values()];
                const done = all.reduce((a, p) => a + p.objects, 0);
                const sent = all.reduce((a, p) => a + p.requests, 0);
                const s = (performance.now() - t) / 1000;
                log(
                  `  seeding: ${done.toLocaleString(
                    'en-US',
                  )} objects, ${sent.toLocaleString(
                    'en-US',
                  )} requests in ${s.toFixed(0)} s (${(sent / s).toFixed(
                    0,
                  )} requests/s)`,
                );
              }
            } else if (m.type === 'done') resolve(m.counts);
            else if (m.type === 'failed')
              reject(new Error(`seed writer ${writer}: ${m.error}`));
          });
          child.on('exit', code => {
            if (code !== 0)
              reject(new Error(`seed writer ${writer} exited with ${code}`));
          });
          child.send({ access, planOptions, writer, writers, concurrency });
        }),
    ),
  ).finally(() => {
    for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
  });
  ms.objects = performance.now() - t;
  const counts = { namespaces: plan.namespaces.length, requests };
  for (const c of results)
    for (const [k, v] of Object.entries(c)) counts[k] = (counts[k] ?? 0) + v;
  return { counts, ms };
}

/** The REST path of a pod and of its status. */
export const podPath = (namespace, name) =>
  `/api/v1/namespaces/${namespace}/pods/${name}`;

/** Writes a pod's status (Ready, or CrashLoopBackOff) with one merge patch of /status. */
export function setPodState(rest, { namespace, name, component }, state) {
  return rest.request('PATCH', `${podPath(namespace, name)}/status`, {
    body: { status: podStatus(component, state) },
    contentType: 'application/merge-patch+json',
  });
}

/** The pods of `service` by component, as { namespace, name, component }. */
export function podsOf(service) {
  return workloadObjectsOf(service).pods.map(({ object }) => ({
    namespace: object.metadata.namespace,
    name: object.metadata.name,
    component: object.metadata.labels['app.kubernetes.io/component'],
  }));
}

/**
 * Turns one Ready pod of `service` into CrashLoopBackOff through the status
 * subresource. `onWrite` is called just before the write is sent; the promise
 * resolves when the API server has answered.
 */
export async function crashPod({ rest, service, replica = 3, onWrite }) {
  const pod = podsOf(service).filter(p => p.component === COMPONENTS[0])[
    replica
  ];
  onWrite?.();
  await setPodState(rest, pod, 'crashloop');
  return pod;
}
