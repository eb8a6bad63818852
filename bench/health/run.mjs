/**
 * Health benchmark: live health served from the watch cache against the
 * per-request fan-out of Backstage's Kubernetes plugin, on a real API server
 * with 1,000 services, 2,000 Deployments and 20,000 Pods.
 *
 *   yarn bench:health       (= node --expose-gc bench/health/run.mjs)
 *   ... run.mjs --keep      keep the temp dir (bundle, catalog, stack logs; the stack is stopped)
 *   ... run.mjs --requests N   requests per latency figure (default 200)
 *   ... run.mjs --namespaces N smaller platform (N x 10 services) to try it out (default 100)
 *   ... run.mjs --event-timeout S  seconds to wait for one health-changed event (default 120)
 *
 * Steps, all in one run against the same server (README.md says more):
 * 1. The code under test (TypeScript sources) is bundled with esbuild
 *    (build.mjs); a stack (tools/stack, temporal: false) starts in a temp dir.
 * 2. seed.mjs writes the synthetic platform (generate.mjs) with the admin
 *    kubeconfig: 100 namespaces x 10 services, per service a Kustomization +
 *    HelmRelease in flux-system, 2 Deployments and 20 Pods, statuses through
 *    the /status subresource. Timed.
 * 3. backend.mjs (a child process, the "backend") builds the ServiceModel,
 *    syncs a ClusterWatchCache on the viewer kubeconfig, then a LiveHealth,
 *    and serves createRouter on a local express server. Its memory is
 *    measured before the cache, with the cache synced, and with the answers
 *    evaluated (process.memoryUsage after two full GCs).
 * 4. serviceHealth(name, 'dev') latency for N random services: cached
 *    answers, and forced re-evaluations (the environment invalidated before
 *    each call, within a time budget; the first evaluation counts as one).
 * 5. API requests per page view: apiserver_request_total before and after
 *    100 page views over HTTP (service health + summary), minus the same
 *    counter over an idle window of the same length.
 * 6. The fan-out baseline (fanout.mjs) over the same N services. The ratios
 *    fan-out / cache are the figures for the target (>= 20x).
 * 7. Event latency: a subscriber on the HTTP SSE route; one Ready pod of a
 *    healthy service turned CrashLoopBackOff through /status; time until the
 *    `health-changed` event naming that service arrives (up to 20 pods,
 *    within a time budget).
 *
 * Output: a table on stdout (progress on stderr) and bench/results/health.json.
 * Exits 0 whether or not the targets are met; 1 if the benchmark cannot run.
 * The stack, the backend process and the temp dir are removed at exit, on
 * error and on SIGINT/SIGTERM.
 */
import { fork } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startStack, stopStack } from '../../tools/stack/src/index.ts';
import { metricsDelta, metricsReader } from './apiMetrics.mjs';
import { buildBundle, loadBundle, REPO_ROOT } from './build.mjs';
import { fanOutPageView } from './fanout.mjs';
import { catalogOf, mulberry32, platformPlan } from './generate.mjs';
import { clientsOf, kubeConfigOf } from './clients.mjs';
import { crashPod, seedPlatform } from './seed.mjs';
import { subscribe } from './sse.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const MB = 1024 * 1024;
const TARGETS = { ratio: 20, requestsPerView: 0, eventMs: 2000 };
const PAGE_VIEWS = 100;
const EVENT_SAMPLES = 20;
/** Forced re-evaluations are taken until this much time has gone (the first evaluation counts as one). */
const FORCED_BUDGET_MS = 60_000;
/** Event samples are taken until this much time has gone (at least one). */
const EVENT_BUDGET_MS = 120_000;
/** The idle window (background traffic of the watches) lasts at least this long. */
const MIN_IDLE_MS = 30_000;

const argv = process.argv.slice(2);
const keep = argv.includes('--keep');
const option = (name, fallback) => {
  const i = argv.indexOf(name);
  return i >= 0 ? Number(argv[i + 1]) : fallback;
};
const N = option('--requests', 200);
/** A smaller platform for trying the benchmark out; the figures for the targets use 100. */
const NAMESPACES = option('--namespaces', 100);
/** How long one event sample may take before the benchmark gives up on it (and on the backend). */
const EVENT_TIMEOUT_MS = option('--event-timeout', 120) * 1000;

if (typeof globalThis.gc !== 'function') {
  console.error('Run with node --expose-gc (yarn bench:health does).');
  process.exit(1);
}

const now = () => performance.timeOrigin + performance.now();
const sleep = ms => new Promise(r => setTimeout(r, ms));
const progress = line =>
  console.error(
    `[bench:health ${((performance.now() - started) / 1000)
      .toFixed(0)
      .padStart(3)} s] ${line}`,
  );
const percentile = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[
    Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))
  ];
};
const stats = xs => ({
  n: xs.length,
  p50: percentile(xs, 50),
  p99: percentile(xs, 99),
  max: Math.max(...xs),
  samples: xs,
});
const fmtMs = x =>
  x === undefined
    ? '-'
    : x >= 10_000
    ? `${(x / 1000).toFixed(1)} s`
    : x >= 100
    ? `${x.toFixed(0)} ms`
    : x >= 1
    ? `${x.toFixed(1)} ms`
    : `${(x * 1000).toFixed(0)} µs`;
const fmtMb = x => `${(x / MB).toFixed(0)} MB`;
const memLine = m =>
  `${fmtMb(m.heapUsed)} / ${fmtMb(m.heapTotal)} / ${fmtMb(
    m.external,
  )} / ${fmtMb(m.rss)}`;
/** Per-view figures: a negative difference is noise of the idle window's background traffic. */
const fmtPerView = x => Math.max(0, x).toFixed(2);
const fmtRatio = x =>
  x >= 100
    ? `${x.toFixed(0)}x`
    : x >= 1
    ? `${x.toFixed(1)}x`
    : `${x.toPrecision(2)}x`;

const started = performance.now();
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-health-'));
const stackDir = path.join(tmp, 'stack');
let backend;
let sse;
let cleaning;

/** Stops what this run started: the SSE subscriber, the backend process, the stack; removes the temp dir. */
function cleanup() {
  cleaning ??= (async () => {
    sse?.close();
    if (backend && backend.exitCode === null && backend.signalCode === null)
      backend.kill('SIGKILL');
    try {
      await stopStack(stackDir);
    } catch (e) {
      console.error(`Stopping the stack in ${stackDir} failed: ${e.message}`);
    }
    if (keep) console.error(`Kept ${tmp}`);
    else fs.rmSync(tmp, { recursive: true, force: true });
  })();
  return cleaning;
}
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    progress(`${signal}: stopping the stack and the backend`);
    cleanup().finally(() => process.exit(signal === 'SIGINT' ? 130 : 143));
  });
}

/** The backend process and a call over its IPC channel. */
function startBackend() {
  const child = fork(path.join(HERE, 'backend.mjs'), [], {
    execArgv: ['--expose-gc'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const pending = new Map();
  const reports = [];
  let nextId = 1;
  child.on('message', message => {
    const { id, ok, result, error } = message;
    if (id === undefined) {
      reports.push(message);
      return;
    }
    const p = pending.get(id);
    if (!p) return;
    pending.delete(id);
    clearTimeout(p.timer);
    if (ok) p.resolve(result);
    else p.reject(new Error(`backend: ${error}`));
  });
  child.on('exit', (code, signal) => {
    for (const p of pending.values()) {
      clearTimeout(p.timer);
      p.reject(new Error(`the backend process exited (${signal ?? code})`));
    }
    pending.clear();
  });
  const call = (cmd, args, timeoutMs = 600_000) =>
    new Promise((resolve, reject) => {
      const id = nextId++;
      const timer = setTimeout(() => {
        pending.delete(id);
        reject(
          new Error(
            `backend ${cmd}: no answer after ${(timeoutMs / 1000).toFixed(
              0,
            )} s`,
          ),
        );
      }, timeoutMs);
      pending.set(id, { resolve, reject, timer });
      child.send({ id, cmd, args });
    });
  return { child, call, reports };
}

try {
  const cpus = os.cpus();
  const load = os.loadavg();
  const header = `Health benchmark — Node ${process.version}, ${
    cpus.length
  } CPU(s) ${cpus[0]?.model ?? ''}, load average at start ${load
    .map(l => l.toFixed(2))
    .join(' ')}`;
  console.log(header);

  const bundleFile = path.join(tmp, 'health.cjs');
  const bundleMs = await buildBundle(bundleFile);
  const lib = loadBundle(bundleFile);
  progress(`bundled the code under test in ${bundleMs.toFixed(0)} ms`);

  // 1. The stack.
  let t = performance.now();
  const stack = await startStack({
    dir: stackDir,
    scenario: 'healthy',
    temporal: false,
    log: l => progress(`stack: ${l}`),
  });
  const stackMs = performance.now() - t;
  progress(
    `stack up in ${(stackMs / 1000).toFixed(1)} s at ${stack.kubeApiUrl}`,
  );

  // 2. Seeding.
  const plan = platformPlan({ namespaces: NAMESPACES });
  const catalogFile = path.join(tmp, 'service-catalog.json');
  fs.writeFileSync(catalogFile, JSON.stringify(catalogOf(plan)));
  progress(
    `seeding ${plan.services.length} services in ${plan.namespaces.length} namespaces (16 requests in flight)`,
  );
  t = performance.now();
  const seeded = await seedPlatform({
    lib,
    kubeconfigPath: stack.adminKubeconfigPath,
    plan,
    concurrency: 16,
    log: progress,
  });
  const seedMs = performance.now() - t;
  const seedLine =
    `Seeded ${seeded.counts.helmReleases.toLocaleString(
      'en-US',
    )} HelmReleases + ${seeded.counts.kustomizations.toLocaleString(
      'en-US',
    )} Kustomizations, ` +
    `${seeded.counts.deployments.toLocaleString(
      'en-US',
    )} Deployments, ${seeded.counts.pods.toLocaleString('en-US')} Pods ` +
    `(${seeded.counts.podsWithStatus.toLocaleString('en-US')} with status) in ${
      plan.namespaces.length
    } namespaces: ` +
    `${seeded.counts.requests.toLocaleString('en-US')} requests in ${(
      seedMs / 1000
    ).toFixed(1)} s ` +
    `(${(seeded.counts.requests / (seedMs / 1000)).toFixed(
      0,
    )} requests/s, 16 in flight)`;
  console.log(seedLine);

  // 3. The backend: memory before the cache, cache synced, answers evaluated.
  const { child, call, reports } = startBackend();
  backend = child;
  const init = await call('init', { bundle: bundleFile, catalogFile });
  progress('backend: syncing the watch cache');
  const sync = await call('sync', {
    kubeconfig: stack.viewerKubeconfigPath,
    timeoutMs: 300_000,
  });
  const cachedObjects = Object.values(sync.counts).reduce((a, b) => a + b, 0);
  progress(
    `backend: cache synced in ${(sync.syncMs / 1000).toFixed(1)} s (${
      sync.loops
    } list-then-watch loops, ${cachedObjects} objects); evaluating`,
  );
  // Does the cache hold what the cluster holds? Flux objects counted with a list that follows
  // `metadata.continue`; Deployments and Pods are what the seeding wrote.
  const { custom } = clientsOf(lib, stack.adminKubeconfigPath);
  const countFlux = async (group, version, plural) => {
    let n = 0;
    let token;
    do {
      const page = await custom.listNamespacedCustomObject({
        group,
        version,
        namespace: 'flux-system',
        plural,
        limit: 500,
        _continue: token,
      });
      n += page.items.length;
      token = page.metadata?.continue || undefined;
    } while (token);
    return n;
  };
  const inCluster = {
    helmReleases: await countFlux(
      'helm.toolkit.fluxcd.io',
      'v2',
      'helmreleases',
    ),
    kustomizations: await countFlux(
      'kustomize.toolkit.fluxcd.io',
      'v1',
      'kustomizations',
    ),
    deployments: seeded.counts.deployments,
    pods: seeded.counts.pods,
  };
  const missing = Object.entries(inCluster).filter(
    ([k, n]) => (sync.counts[k] ?? 0) < n,
  );
  if (missing.length) {
    progress(
      `WARNING: the cache holds fewer objects than the cluster: ${missing
        .map(([k, n]) => `${k} ${sync.counts[k] ?? 0} of ${n}`)
        .join(', ')}`,
    );
  }
  const live = await call('liveHealth', {}, 1_800_000);
  progress(
    `backend: first evaluation ${fmtMs(
      live.firstEvaluationMs,
    )}; statuses ${JSON.stringify(live.statuses)}`,
  );
  const { port } = await call('serve');
  const base = `http://127.0.0.1:${port}/api/platform-services`;

  const rand = mulberry32(99);
  const serviceNames = plan.services.map(s => s.name);
  const names = Array.from(
    { length: N },
    () => serviceNames[Math.floor(rand() * serviceNames.length)],
  );

  // 4a. Cached answers.
  const cached = stats(
    (await call('latency', { names, warmup: 200, mode: 'cached' })).samples,
  );
  progress(
    `cache, cached answer: p50 ${fmtMs(cached.p50)}, p99 ${fmtMs(cached.p99)}`,
  );
  const cacheStatuses = await call('statuses', { names: [...new Set(names)] });

  // 5. API requests per page view.
  const scrape = await metricsReader(lib, stack.adminKubeconfigPath);
  const viewMs = [];
  const before = await scrape();
  const windowStart = performance.now();
  for (let i = 0; i < PAGE_VIEWS; i++) {
    const name = names[i % names.length];
    const t0 = performance.now();
    const [a, b] = await Promise.all([
      fetch(`${base}/services/${name}/health?environment=dev`),
      fetch(`${base}/health?environment=dev`),
    ]);
    if (!a.ok || !b.ok)
      throw new Error(`page view of ${name}: HTTP ${a.status} / ${b.status}`);
    await Promise.all([a.json(), b.json()]);
    viewMs.push(performance.now() - t0);
  }
  const windowMs = performance.now() - windowStart;
  const after = await scrape();
  const idleMs = Math.max(windowMs, MIN_IDLE_MS);
  const idleBefore = await scrape();
  await sleep(idleMs);
  const idleAfter = await scrape();
  const viewsDelta = metricsDelta(before, after);
  // The idle window's counts, scaled to the length of the page-view window.
  const idleDelta = metricsDelta(idleBefore, idleAfter);
  const scaleIdle = windowMs / idleMs;
  // Reads are what a page view could cost; the cache's own watches (WATCH) are background traffic.
  const reads = d => (d.byVerb.LIST ?? 0) + (d.byVerb.GET ?? 0);
  const requestsPerView =
    (viewsDelta.total - idleDelta.total * scaleIdle) / PAGE_VIEWS;
  const readsPerView =
    (reads(viewsDelta) - reads(idleDelta) * scaleIdle) / PAGE_VIEWS;
  const pageViews = stats(viewMs);
  progress(
    `page views: ${JSON.stringify(
      viewsDelta.byVerb,
    )} API requests in the window, ${JSON.stringify(
      idleDelta.byVerb,
    )} when idle`,
  );

  // 6. The fan-out baseline, same services, same server.
  const models = lib.buildServiceModel(
    lib.validateCatalog(JSON.parse(fs.readFileSync(catalogFile, 'utf8')))
      .catalog,
  );
  const allServices = [...models.services.values()];
  // Two clients: the backend's own (client-node as configured: a new TLS
  // connection per request) and the same with one keep-alive pool; requests
  // alternate between them. The faster one decides the verdict.
  const variants = {
    asConfigured: fanOutPageView(
      lib,
      lib.makeKubeConfig('bench', {
        kind: 'kubeconfig',
        path: stack.viewerKubeconfigPath,
      }),
      allServices,
    ),
    keepAlive: fanOutPageView(
      lib,
      kubeConfigOf(lib, stack.viewerKubeconfigPath, { keepAlive: true }),
      allServices,
    ),
  };
  for (let i = 0; i < 10; i++)
    for (const view of Object.values(variants))
      await view(models.services.get(names[i]));
  const fanOutSamples = { asConfigured: [], keepAlive: [] };
  let fanOutRequests = 0;
  const fanOutStatuses = {};
  for (const name of names) {
    for (const [variant, view] of Object.entries(variants)) {
      const t0 = performance.now();
      const { requests, health } = await view(models.services.get(name));
      fanOutSamples[variant].push(performance.now() - t0);
      fanOutRequests = requests;
      fanOutStatuses[name] = health.status;
    }
  }
  // Do both sides give the same verdict? (The fan-out has no upstream health: services whose
  // only problem is upstream are expected to differ.)
  const disagreements = {};
  for (const [name, status] of Object.entries(cacheStatuses)) {
    if (status !== fanOutStatuses[name]) {
      const key = `cache ${status} / fan-out ${fanOutStatuses[name]}`;
      disagreements[key] = (disagreements[key] ?? 0) + 1;
    }
  }
  const agreeing =
    Object.keys(cacheStatuses).length -
    Object.values(disagreements).reduce((a, b) => a + b, 0);
  const fanOutBy = {
    asConfigured: stats(fanOutSamples.asConfigured),
    keepAlive: stats(fanOutSamples.keepAlive),
  };
  const fanOutVariant =
    fanOutBy.keepAlive.p50 <= fanOutBy.asConfigured.p50
      ? 'keepAlive'
      : 'asConfigured';
  const fanOut = fanOutBy[fanOutVariant];
  progress(
    `fan-out: p50 ${fmtMs(fanOutBy.asConfigured.p50)} as configured, ${fmtMs(
      fanOutBy.keepAlive.p50,
    )} with keep-alive (${fanOutRequests} lists per page view)`,
  );

  // 4b. Forced re-evaluations, within a budget; the first evaluation is one of them.
  const forcedSamples = [live.firstEvaluationMs];
  if (live.firstEvaluationMs < FORCED_BUDGET_MS) {
    const more = await call(
      'latency',
      {
        names,
        warmup: 0,
        mode: 'forced',
        budgetMs: FORCED_BUDGET_MS - live.firstEvaluationMs,
      },
      FORCED_BUDGET_MS + 2 * live.firstEvaluationMs + 60_000,
    );
    forcedSamples.push(...more.samples);
  }
  const forced = stats(forcedSamples);
  progress(
    `cache, forced re-evaluation: p50 ${fmtMs(forced.p50)} over ${forced.n}`,
  );

  // 7. Event latency over the HTTP stream.
  sse = subscribe(`${base}/events`);
  await sse.connected;
  const { core } = clientsOf(lib, stack.adminKubeconfigPath);
  // Healthy services with no upstream (even index), in a fixed random order; one pod each.
  const eventRand = mulberry32(5);
  const candidates = plan.services
    .filter(s => !s.unwell && s.index % 2 === 0)
    .map(s => [eventRand(), s])
    .sort((a, b) => a[0] - b[0])
    .map(([, s]) => s)
    .slice(0, EVENT_SAMPLES);
  const eventSamples = [];
  const eventTimeoutMs = EVENT_TIMEOUT_MS;
  const eventsStart = performance.now();
  await call('track', { on: true });
  for (const service of candidates) {
    if (
      eventSamples.length > 0 &&
      performance.now() - eventsStart > EVENT_BUDGET_MS
    )
      break;
    let writtenAt;
    const pod = await crashPod({
      core,
      service,
      onWrite: () => (writtenAt = now()),
    });
    const event = await sse.waitFor(service.name, writtenAt, eventTimeoutMs);
    const cacheAt = reports.find(
      r =>
        r.type === 'cacheChange' &&
        r.at >= writtenAt &&
        r.namespace === service.namespace,
    )?.at;
    const healthEvent = reports.find(
      r =>
        r.type === 'healthChanged' &&
        r.at >= writtenAt &&
        r.services.includes(service.name),
    );
    const sample = {
      service: service.name,
      pod: `${pod.namespace}/${pod.name}`,
      ms: event ? event.receivedAt - writtenAt : undefined,
      timedOut: !event,
      toCacheMs: cacheAt !== undefined ? cacheAt - writtenAt : undefined,
      toHealthEventMs: healthEvent ? healthEvent.at - writtenAt : undefined,
      servicesInEvent: healthEvent?.services.length,
    };
    eventSamples.push(sample);
    progress(
      `event ${eventSamples.length}: ${
        sample.timedOut
          ? `none within ${fmtMs(eventTimeoutMs)}`
          : fmtMs(sample.ms)
      } ` +
        `(write→cache ${fmtMs(
          sample.toCacheMs,
        )}, write→LiveHealth event ${fmtMs(sample.toHealthEventMs)}, ${
          sample.servicesInEvent ?? '?'
        } services in the event)`,
    );
    // The backend is still evaluating: it cannot answer anything else; cleanup() kills it.
    if (sample.timedOut) break;
  }
  const arrived = eventSamples.filter(s => !s.timedOut).map(s => s.ms);
  const events = arrived.length ? stats(arrived) : { n: 0 };
  const eventsTimedOut = eventSamples.length - arrived.length;

  // The table.
  const mem = {
    beforeCache: init.memory,
    cacheSynced: sync.memory,
    withAnswers: live.memory,
  };
  const ratio = {
    cachedP50: fanOut.p50 / cached.p50,
    cachedP99: fanOut.p99 / cached.p99,
    forcedP50: fanOut.p50 / forced.p50,
    forcedP99: fanOut.p99 / forced.p99,
  };
  const verdict = ok => (ok ? 'MET' : 'MISSED');
  const eventsMet =
    eventsTimedOut === 0 && events.n > 0 && events.max < TARGETS.eventMs;
  const rows = [
    [
      'Seeding (API server writes)',
      `${(seedMs / 1000).toFixed(1)} s, ${seeded.counts.requests.toLocaleString(
        'en-US',
      )} requests`,
      '',
      '',
    ],
    [
      'Watch cache sync',
      `${(sync.syncMs / 1000).toFixed(1)} s, ${sync.loops} loops`,
      '',
      '',
    ],
    [
      'Cache holds what the cluster holds',
      Object.entries(inCluster)
        .map(
          ([k, n]) =>
            `${k} ${(sync.counts[k] ?? 0).toLocaleString(
              'en-US',
            )} of ${n.toLocaleString('en-US')}`,
        )
        .join(', '),
      'all',
      missing.length ? 'MISSED' : 'MET',
    ],
    [
      'Objects in the cache',
      `${cachedObjects.toLocaleString('en-US')} (${Object.entries(sync.counts)
        .filter(([, v]) => v)
        .map(([k, v]) => `${k} ${v}`)
        .join(', ')})`,
      '',
      '',
    ],
    ['First evaluation (whole catalog)', fmtMs(live.firstEvaluationMs), '', ''],
    [
      `serviceHealth, cached answer (n=${cached.n})`,
      `p50 ${fmtMs(cached.p50)}, p99 ${fmtMs(cached.p99)}`,
      '',
      '',
    ],
    [
      `serviceHealth, forced re-evaluation (n=${forced.n})`,
      `p50 ${fmtMs(forced.p50)}, p99 ${fmtMs(forced.p99)}`,
      '',
      '',
    ],
    [
      `fan-out, client as configured (n=${fanOutBy.asConfigured.n}, ${fanOutRequests} lists/view)`,
      `p50 ${fmtMs(fanOutBy.asConfigured.p50)}, p99 ${fmtMs(
        fanOutBy.asConfigured.p99,
      )}`,
      '',
      '',
    ],
    [
      `fan-out, keep-alive connections (n=${fanOutBy.keepAlive.n})`,
      `p50 ${fmtMs(fanOutBy.keepAlive.p50)}, p99 ${fmtMs(
        fanOutBy.keepAlive.p99,
      )}`,
      '',
      '',
    ],
    [
      `ratio fan-out (${
        fanOutVariant === 'keepAlive' ? 'keep-alive' : 'as configured'
      }, the faster) / cache, cached answer`,
      `p50 ${fmtRatio(ratio.cachedP50)}, p99 ${fmtRatio(ratio.cachedP99)}`,
      `>= ${TARGETS.ratio}x`,
      verdict(
        ratio.cachedP50 >= TARGETS.ratio && ratio.cachedP99 >= TARGETS.ratio,
      ),
    ],
    [
      'ratio fan-out / cache, forced re-evaluation',
      `p50 ${fmtRatio(ratio.forcedP50)}, p99 ${fmtRatio(ratio.forcedP99)}`,
      `>= ${TARGETS.ratio}x`,
      verdict(
        ratio.forcedP50 >= TARGETS.ratio && ratio.forcedP99 >= TARGETS.ratio,
      ),
    ],
    [
      `Same status from cache and fan-out (n=${
        Object.keys(cacheStatuses).length
      })`,
      `${agreeing} agree${
        Object.keys(disagreements).length
          ? `; ${Object.entries(disagreements)
              .map(([k, v]) => `${k}: ${v}`)
              .join(', ')}`
          : ''
      }`,
      '',
      '',
    ],
    [
      `HTTP page view, health + summary (n=${pageViews.n})`,
      `p50 ${fmtMs(pageViews.p50)}, p99 ${fmtMs(pageViews.p99)}`,
      '',
      '',
    ],
    [
      `API reads (LIST+GET) per page view (${PAGE_VIEWS} views)`,
      `${fmtPerView(readsPerView)} (window ${reads(viewsDelta)}, idle ${reads(
        idleDelta,
      )} in ${(idleMs / 1000).toFixed(0)} s)`,
      '0',
      verdict(readsPerView <= TARGETS.requestsPerView),
    ],
    [
      `  all API requests per page view`,
      `${fmtPerView(requestsPerView)} (window ${viewsDelta.total} in ${(
        windowMs / 1000
      ).toFixed(1)} s; idle ${idleDelta.total} in ${(idleMs / 1000).toFixed(
        0,
      )} s)`,
      '',
      '',
    ],
    [
      `health-changed event over SSE (n=${events.n}${
        eventsTimedOut ? `, ${eventsTimedOut} timed out` : ''
      })`,
      events.n
        ? `p50 ${fmtMs(events.p50)}, p99 ${fmtMs(events.p99)}, max ${fmtMs(
            events.max,
          )}`
        : `none within ${fmtMs(eventTimeoutMs)}`,
      `< ${TARGETS.eventMs / 1000} s`,
      verdict(eventsMet),
    ],
    [
      'Backend memory before the cache (heap used / heap total / external / RSS)',
      memLine(mem.beforeCache),
      '',
      '',
    ],
    [
      '  cache synced',
      `${memLine(mem.cacheSynced)} (+${fmtMb(
        mem.cacheSynced.heapUsed - mem.beforeCache.heapUsed,
      )} heap)`,
      '',
      '',
    ],
    [
      '  cache + evaluated answers',
      `${memLine(mem.withAnswers)} (+${fmtMb(
        mem.withAnswers.heapUsed - mem.beforeCache.heapUsed,
      )} heap)`,
      '',
      '',
    ],
    [
      '  heap per cached object',
      `${(
        (mem.cacheSynced.heapUsed - mem.beforeCache.heapUsed) /
        cachedObjects /
        1024
      ).toFixed(2)} KB`,
      '',
      '',
    ],
  ];
  const w = [
    Math.max(...rows.map(r => r[0].length)) + 2,
    Math.max(...rows.map(r => r[1].length)) + 2,
    10,
    6,
  ];
  console.log('');
  console.log(
    `${'Figure'.padEnd(w[0])}${'Value'.padEnd(w[1])}${'Target'.padEnd(
      w[2],
    )}Verdict`,
  );
  for (const r of rows)
    console.log(
      `${r[0].padEnd(w[0])}${r[1].padEnd(w[1])}${r[2].padEnd(w[2])}${r[3]}`,
    );
  console.log('');
  console.log(
    `Event breakdown per sample (write→cache / write→LiveHealth event / write→SSE client): ` +
      eventSamples
        .map(
          s =>
            `${fmtMs(s.toCacheMs)} / ${fmtMs(s.toHealthEventMs)} / ${
              s.timedOut ? 'timeout' : fmtMs(s.ms)
            }`,
        )
        .join('; '),
  );
  console.log(
    `API requests by verb, page-view window: ${JSON.stringify(
      viewsDelta.byVerb,
    )}; idle window: ${JSON.stringify(idleDelta.byVerb)}`,
  );
  if (sync.partial.length)
    console.log(
      `Kinds the cache could not read: ${sync.partial.slice(0, 5).join('; ')}${
        sync.partial.length > 5 ? ` (+${sync.partial.length - 5} more)` : ''
      }`,
    );
  console.log(
    `Service statuses after the first evaluation: ${JSON.stringify(
      live.statuses,
    )}`,
  );

  const out = {
    benchmark: 'health',
    targets: {
      ratio: `fan-out / cache >= ${TARGETS.ratio}x`,
      requestsPerPageView: TARGETS.requestsPerView,
      eventLatencyMs: `< ${TARGETS.eventMs}`,
    },
    date: new Date().toISOString(),
    node: process.version,
    platform: `${os.platform()} ${os.arch()}`,
    cpus: cpus.length,
    cpuModel: cpus[0]?.model,
    loadAverageAtStart: load,
    bundleMs,
    stackMs,
    seed: { ms: seedMs, ...seeded },
    cache: {
      syncMs: sync.syncMs,
      loops: sync.loops,
      counts: sync.counts,
      inCluster,
      objects: cachedObjects,
      partial: sync.partial,
    },
    agreement: {
      services: Object.keys(cacheStatuses).length,
      agreeing,
      disagreements,
    },
    firstEvaluationMs: live.firstEvaluationMs,
    statuses: live.statuses,
    latencyMs: { cached, forced, fanOut: fanOutBy, pageViews },
    fanOutForRatio: fanOutVariant,
    ratio,
    apiRequests: {
      pageViews: PAGE_VIEWS,
      windowMs,
      idleMs,
      window: viewsDelta,
      idle: idleDelta,
      perPageView: requestsPerView,
      readsPerPageView: readsPerView,
    },
    events: {
      timeoutMs: eventTimeoutMs,
      timedOut: eventsTimedOut,
      ...events,
      details: eventSamples,
    },
    memory: mem,
    verdicts: {
      cacheComplete: missing.length ? 'MISSED' : 'MET',
      ratioCached: verdict(
        ratio.cachedP50 >= TARGETS.ratio && ratio.cachedP99 >= TARGETS.ratio,
      ),
      ratioForced: verdict(
        ratio.forcedP50 >= TARGETS.ratio && ratio.forcedP99 >= TARGETS.ratio,
      ),
      readsPerPageView: verdict(readsPerView <= TARGETS.requestsPerView),
      eventLatency: verdict(eventsMet),
    },
  };
  const resultsDir = path.join(REPO_ROOT, 'bench/results');
  fs.mkdirSync(resultsDir, { recursive: true });
  const outFile = path.join(resultsDir, 'health.json');
  fs.writeFileSync(outFile, `${JSON.stringify(out, null, 2)}\n`);
  if (!eventSamples.some(s => s.timedOut))
    await call('stop', {}, 10_000).catch(() => {});
  console.log(
    `Results written to ${
      path.relative(process.cwd(), outFile) || outFile
    }; total ${((performance.now() - started) / 1000).toFixed(0)} s.`,
  );
} catch (e) {
  console.error(e instanceof Error ? e.stack : e);
  process.exitCode = 1;
} finally {
  await cleanup();
}
