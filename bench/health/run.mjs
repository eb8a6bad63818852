/**
 * Health benchmark: live health served from the watch cache, on a real API
 * server, at platform sizes: 1,000 services with 20,000 Pods and 5,000
 * services with 100,000 Pods, against a per-request fan-out and against
 * Backstage's own Kubernetes plugin on the same server.
 *
 *   yarn bench:health                 both sizes (= node --expose-gc bench/health/run.mjs)
 *   ... run.mjs --services 1000       one size (comma-separated list; default 1000,5000)
 *   ... run.mjs --namespaces 30       one small size: 30 namespaces x 10 services (a try-out)
 *   ... run.mjs --keep                keep the temp dirs (bundle, catalog, logs; stacks are stopped)
 *   ... run.mjs --requests N          requests per latency figure (default 200)
 *   ... run.mjs --writers W --concurrency C   seeding processes, requests in flight each (3, 16)
 *   ... run.mjs --churn-rate R --churn-seconds S   pod status changes a second, window (10, 60)
 *   ... run.mjs --idle-seconds S      idle window for background traffic (default 120)
 *   ... run.mjs --event-timeout S     seconds one health-changed event may take (default 120)
 *   ... run.mjs --evaluation-timeout S  seconds the first whole-catalog evaluation may take (1800)
 *
 * Per size, one stack and one backend (README.md says more):
 *  1. A stack (tools/stack, temporal: false) in a temp dir; the synthetic
 *     platform (generate.mjs) seeded by parallel writers (seed.mjs). Timed.
 *  2. backend.mjs (a child process) syncs a ClusterWatchCache on the viewer
 *     kubeconfig. The cache's counts are checked against fresh paged lists.
 *  3. Backstage's Kubernetes plugin (kubernetesPlugin.mjs, a backend of its
 *     own) answers its per-entity request for N services: latency, bytes,
 *     API requests per page view. The fan-out baseline (fanout.mjs) too.
 *  4. LiveHealth evaluates the whole catalog (the first answer; timed).
 *  5. The idle window: watch requests a second with nobody looking.
 *  6. Cached answers in-process and over HTTP; API reads per page view.
 *  7. Statuses from the cache against the fan-out's (with upstream), same moment.
 *  8. Change to page event: a pod turned CrashLoopBackOff, time until the
 *     SSE event naming its service; the backend's busy time for that change
 *     against a whole-catalog evaluation.
 *  9. Page answers while the cluster changes (churn.mjs: a steady stream of
 *     pod status changes).
 *
 * Output: a table per size, a comparison across sizes on stdout (progress on
 * stderr) and bench/results/health.json. Exits 0 whether or not the targets
 * are met; 1 if the benchmark cannot run. Stacks, child processes and temp
 * dirs are removed at exit, on error and on SIGINT/SIGTERM.
 */
import { fork } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startStack, stopStack } from '../../tools/stack/src/index.ts';
import { metricsDelta, metricsReader } from './apiMetrics.mjs';
import { buildBundle, loadBundle, REPO_ROOT } from './build.mjs';
import { accessOf, kubeConfigOf, restOf } from './clients.mjs';
import { fanOutPageView, upstreamOf } from './fanout.mjs';
import { catalogOf, mulberry32, platformPlan } from './generate.mjs';
import { writeConfig } from './kubernetesPlugin.mjs';
import { crashPod, podsOf, seedPlatform } from './seed.mjs';
import { subscribe } from './sse.mjs';
import { freePort } from '../../tools/stack/src/processes.ts';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const MB = 1024 * 1024;
const PAGE_VIEWS = 100;
const EVENT_SAMPLES = 20;
/** Event samples are taken until this much time has gone (at least one). */
const EVENT_BUDGET_MS = 120_000;
/** Page answers under churn are asked at most this often. */
const CHURN_PAGE_MS = 50;
/** Targets of issue 13 (and issue 5's ratio), by size where they differ. */
const TARGETS = {
  ratio: 20,
  readsPerView: 0,
  eventP99Ms: services => (services >= 5000 ? 2000 : 1000),
  churnP99Ms: 50,
  rssBytes: 1024 * MB,
  idleWatchPerSecond: 0.1,
};

const argv = process.argv.slice(2);
const keep = argv.includes('--keep');
const option = (name, fallback) => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : fallback;
};
const number = (name, fallback) => Number(option(name, fallback));
const N = number('--requests', 200);
const SIZES = option('--namespaces')
  ? [Number(option('--namespaces')) * 10]
  : String(option('--services', '1000,5000')).split(',').map(Number);
const WRITERS = number('--writers', 3);
const CONCURRENCY = number('--concurrency', 16);
const CHURN_RATE = number('--churn-rate', 10);
const CHURN_MS = number('--churn-seconds', 60) * 1000;
const IDLE_MS = number('--idle-seconds', 120) * 1000;
const EVENT_TIMEOUT_MS = number('--event-timeout', 120) * 1000;
const EVALUATION_TIMEOUT_MS = number('--evaluation-timeout', 1800) * 1000;

if (typeof globalThis.gc !== 'function') {
  console.error('Run with node --expose-gc (yarn bench:health does).');
  process.exit(1);
}
if (SIZES.some(s => !Number.isInteger(s / 10) || s <= 0)) {
  console.error('--services: multiples of 10 (10 services per namespace).');
  process.exit(1);
}

const now = () => performance.timeOrigin + performance.now();
const sleep = ms => new Promise(r => setTimeout(r, ms));
const started = performance.now();
const progress = line =>
  console.error(
    `[bench:health ${((performance.now() - started) / 1000)
      .toFixed(0)
      .padStart(4)} s] ${line}`,
  );
const percentile = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[
    Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))
  ];
};
const stats = xs =>
  xs.length
    ? {
        n: xs.length,
        p50: percentile(xs, 50),
        p99: percentile(xs, 99),
        max: Math.max(...xs),
        samples: xs,
      }
    : { n: 0 };
const fmtMs = x =>
  x === undefined
    ? '-'
    : x >= 10_000
    ? `${(x / 1000).toFixed(1)} s`
    : x >= 100
    ? `${x.toFixed(0)} ms`
    : x >= 1
    ? `${x.toFixed(1)} ms`
    : x >= 0.01
    ? `${(x * 1000).toFixed(0)} µs`
    : `${(x * 1000).toFixed(2)} µs`;
const fmtMb = x => `${(x / MB).toFixed(0)} MB`;
const fmtN = x => Math.round(x).toLocaleString('en-US');
const fmtKb = x => `${(x / 1024).toFixed(1)} KB`;
const memLine = m =>
  `${fmtMb(m.heapUsed)} / ${fmtMb(m.heapTotal)} / ${fmtMb(
    m.external,
  )} / ${fmtMb(m.rss)}`;
/** Per-view figures: a negative difference is noise of the idle window's background traffic. */
const fmtPerView = x => Math.max(0, x).toFixed(2);
const fmtRatio = x =>
  x === undefined || !Number.isFinite(x)
    ? '-'
    : x >= 100
    ? `${x.toFixed(0)}x`
    : x >= 1
    ? `${x.toFixed(1)}x`
    : `${x.toPrecision(2)}x`;
const fmtStats = (s, timedOut = 0) =>
  s.n
    ? `p50 ${fmtMs(s.p50)}, p99 ${fmtMs(s.p99)}${
        timedOut ? ` (${timedOut} unanswered)` : ''
      }`
    : timedOut
    ? `none answered (${timedOut} unanswered)`
    : '-';
const verdict = ok => (ok === undefined ? '' : ok ? 'MET' : 'MISSED');

/** Everything a size started, so that cleanup stops it. */
const running = new Set();
let cleaning;
function cleanupAll() {
  cleaning ??= Promise.all([...running].map(r => r.cleanup()));
  return cleaning;
}
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    progress(`${signal}: stopping the stacks and child processes`);
    cleanupAll().finally(() => process.exit(signal === 'SIGINT' ? 130 : 143));
  });
}

/** A forked child with calls over its IPC channel ({ id, cmd, args } in, { id, ok, result | error } out). */
function forkWithCalls(file, { args = [], execArgv, stdio, onReport } = {}) {
  const child = fork(file, args, {
    ...(execArgv ? { execArgv } : {}),
    stdio: stdio ?? ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const pending = new Map();
  let nextId = 1;
  child.on('message', message => {
    const { id, ok, result, error } = message;
    if (id === undefined) {
      onReport?.(message);
      return;
    }
    const p = pending.get(id);
    if (!p) return;
    pending.delete(id);
    clearTimeout(p.timer);
    if (ok) p.resolve(result);
    else p.reject(new Error(`${path.basename(file)}: ${error}`));
  });
  child.on('exit', (code, signal) => {
    for (const p of pending.values()) {
      clearTimeout(p.timer);
      p.reject(new Error(`${path.basename(file)} exited (${signal ?? code})`));
    }
    pending.clear();
  });
  const call = (cmd, callArgs, timeoutMs = 600_000) =>
    new Promise((resolve, reject) => {
      const id = nextId++;
      const timer = setTimeout(() => {
        pending.delete(id);
        reject(
          Object.assign(
            new Error(
              `${path.basename(file)} ${cmd}: no answer after ${(
                timeoutMs / 1000
              ).toFixed(0)} s`,
            ),
            { timedOut: true },
          ),
        );
      }, timeoutMs);
      pending.set(id, { resolve, reject, timer });
      child.send({ id, cmd, args: callArgs });
    });
  const kill = () => {
    if (child.exitCode === null && child.signalCode === null)
      child.kill('SIGKILL');
  };
  return { child, call, kill };
}

/** GET or POST over HTTP; resolves with status, bytes and parsed body, or { timedOut } after timeoutMs. */
function httpJson(url, { method = 'GET', body, headers = {}, timeoutMs } = {}) {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const req = http.request(
      url,
      {
        method,
        headers: {
          Accept: 'application/json',
          ...(payload
            ? {
                'Content-Type': 'application/json',
                'Content-Length': Buffer.byteLength(payload),
              }
            : {}),
          ...headers,
        },
      },
      res => {
        const chunks = [];
        res.on('data', c => chunks.push(c));
        res.on('end', () => {
          clearTimeout(timer);
          const buffer = Buffer.concat(chunks);
          let json;
          try {
            json = JSON.parse(buffer.toString('utf8'));
          } catch {
            json = undefined;
          }
          resolve({ status: res.statusCode, bytes: buffer.length, json });
        });
      },
    );
    const timer =
      timeoutMs === undefined
        ? undefined
        : setTimeout(() => {
            req.destroy();
            resolve({ timedOut: true });
          }, timeoutMs);
    req.on('error', e => {
      clearTimeout(timer);
      reject(e);
    });
    req.end(payload);
  });
}

/** Objects of one kind in the API server now: a fresh list, pages of 500 followed, counted by namespace. */
async function countInServer(rest, kind, namespaces) {
  const prefix = kind.group
    ? `/apis/${kind.group}/${kind.version}`
    : `/api/${kind.version}`;
  const only = namespaces ? new Set(namespaces) : undefined;
  let n = 0;
  let token;
  do {
    const page = await rest.request(
      'GET',
      `${prefix}/${kind.plural}?limit=500${
        token ? `&continue=${encodeURIComponent(token)}` : ''
      }`,
      { timeoutMs: 120_000 },
    );
    for (const item of page.items)
      if (!only || only.has(item.metadata?.namespace)) n++;
    token = page.metadata?.continue || undefined;
  } while (token);
  return n;
}

async function runSize(lib, bundleFile, services) {
  const namespaces = services / 10;
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-health-'));
  const stackDir = path.join(tmp, 'stack');
  const result = { services, namespaces };
  const children = [];
  let sse;
  const self = {
    cleanup: async () => {
      sse?.close();
      for (const c of children) c.kill();
      try {
        await stopStack(stackDir);
      } catch (e) {
        console.error(`Stopping the stack in ${stackDir} failed: ${e.message}`);
      }
      if (keep) console.error(`Kept ${tmp}`);
      else fs.rmSync(tmp, { recursive: true, force: true });
    },
  };
  running.add(self);
  const log = line => progress(`[${fmtN(services)}] ${line}`);
  try {
    // 1. The stack and the platform.
    let t = performance.now();
    const stack = await startStack({
      dir: stackDir,
      scenario: 'healthy',
      temporal: false,
      // The seeded pods are written with their status: no scheduler or simulated node may move them.
      controllers: false,
      log: l => log(`stack: ${l}`),
    });
    result.stackMs = performance.now() - t;
    log(
      `stack up in ${(result.stackMs / 1000).toFixed(1)} s at ${
        stack.kubeApiUrl
      }`,
    );
    const admin = accessOf(lib, stack.adminKubeconfigPath);
    const rest = restOf(lib, stack.adminKubeconfigPath);
    const scrape = await metricsReader(lib, stack.adminKubeconfigPath);

    const planOptions = { namespaces };
    const plan = platformPlan(planOptions);
    const catalogFile = path.join(tmp, 'service-catalog.json');
    fs.writeFileSync(catalogFile, JSON.stringify(catalogOf(plan)));
    log(
      `seeding ${fmtN(plan.services.length)} services in ${fmtN(
        plan.namespaces.length,
      )} namespaces (${WRITERS} writers x ${CONCURRENCY} requests in flight)`,
    );
    t = performance.now();
    const seeded = await seedPlatform({
      access: admin,
      plan,
      planOptions,
      writers: WRITERS,
      concurrency: CONCURRENCY,
      log,
    });
    result.seed = {
      ms: performance.now() - t,
      counts: seeded.counts,
      phasesMs: seeded.ms,
      writers: WRITERS,
      concurrency: CONCURRENCY,
    };
    log(
      `seeded ${fmtN(seeded.counts.pods)} pods, ${fmtN(
        seeded.counts.deployments,
      )} deployments, ${fmtN(
        seeded.counts.helmReleases + seeded.counts.kustomizations,
      )} Flux objects: ${fmtN(seeded.counts.requests)} requests in ${(
        result.seed.ms / 1000
      ).toFixed(0)} s`,
    );

    // 2. The backend and its cache; the cache's counts against fresh lists.
    const reports = [];
    const backend = forkWithCalls(path.join(HERE, 'backend.mjs'), {
      execArgv: ['--expose-gc'],
      onReport: m => reports.push(m),
    });
    children.push(backend);
    const init = await backend.call('init', {
      bundle: bundleFile,
      catalogFile,
    });
    log('backend: syncing the watch cache');
    const sync = await backend.call(
      'sync',
      { kubeconfig: stack.viewerKubeconfigPath, timeoutMs: 1_200_000 },
      1_300_000,
    );
    const cachedObjects = Object.values(sync.counts).reduce((a, b) => a + b, 0);
    log(
      `backend: cache synced in ${(sync.syncMs / 1000).toFixed(1)} s (${fmtN(
        sync.loops,
      )} list-then-watch loops, ${fmtN(cachedObjects)} objects)`,
    );
    const inServer = {};
    for (const kind of lib.WATCHED_KINDS) {
      if (!(kind.kind in sync.watched)) continue;
      inServer[kind.key] = await countInServer(
        rest,
        kind,
        sync.watched[kind.kind],
      );
    }
    const unreadable = new Set(sync.partial.map(p => p.split(/[ :]/)[0]));
    const countRows = Object.entries(inServer).map(([key, n]) => ({
      key,
      cached: sync.counts[key] ?? 0,
      inServer: n,
    }));
    const mismatched = countRows.filter(
      r =>
        r.cached !== r.inServer &&
        !unreadable.has(lib.WATCHED_KINDS.find(k => k.key === r.key)?.kind),
    );
    result.cache = {
      syncMs: sync.syncMs,
      loops: sync.loops,
      counts: sync.counts,
      inServer,
      mismatched,
      objects: cachedObjects,
      partial: sync.partial,
    };
    if (mismatched.length)
      log(
        `WARNING: cache and API server differ: ${mismatched
          .map(r => `${r.key} ${r.cached} of ${r.inServer}`)
          .join(', ')}`,
      );

    // Page-view sample, in a fixed random order.
    const rand = mulberry32(99);
    const names = Array.from(
      { length: N },
      () => plan.services[Math.floor(rand() * plan.services.length)].name,
    );
    const planByName = new Map(plan.services.map(s => [s.name, s]));

    // 3a. Backstage's Kubernetes plugin, its per-entity request, same services.
    const pluginPort = await freePort();
    const { configFile, token } = writeConfig({
      dir: tmp,
      port: pluginPort,
      access: admin,
      services: [...new Set(names)].map(n => planByName.get(n)),
    });
    const pluginLog = fs.openSync(path.join(tmp, 'kubernetes-plugin.log'), 'w');
    const plugin = forkWithCalls(path.join(HERE, 'kubernetesPlugin.mjs'), {
      args: ['--config', configFile],
      stdio: ['ignore', pluginLog, pluginLog, 'ipc'],
    });
    children.push(plugin);
    const pluginBase = `http://127.0.0.1:${pluginPort}/api`;
    const auth = { Authorization: `Bearer ${token}` };
    const lastName = names[names.length - 1];
    const waitStart = performance.now();
    for (;;) {
      if (performance.now() - waitStart > 300_000)
        throw new Error(
          `Backstage's Kubernetes plugin: the catalog had no ${lastName} after 300 s (see kubernetes-plugin.log with --keep)`,
        );
      try {
        const [a, b] = await Promise.all(
          [names[0], lastName].map(n =>
            httpJson(
              `${pluginBase}/catalog/entities/by-name/component/default/${n}`,
              {
                headers: auth,
              },
            ),
          ),
        );
        if (a.status === 200 && b.status === 200) break;
      } catch {
        // Not listening yet.
      }
      await sleep(1000);
    }
    log(
      `Backstage's Kubernetes plugin: up, entities in its catalog after ${(
        (performance.now() - waitStart) /
        1000
      ).toFixed(0)} s`,
    );
    const pluginView = name =>
      httpJson(`${pluginBase}/kubernetes/services/${name}`, {
        method: 'POST',
        headers: auth,
        body: {
          entity: {
            apiVersion: 'backstage.io/v1alpha1',
            kind: 'Component',
            metadata: { name, namespace: 'default' },
          },
        },
        timeoutMs: 60_000,
      });
    for (let i = 0; i < 10; i++) await pluginView(names[i]);
    const pluginMs = [];
    const pluginBytes = [];
    const pluginPods = [];
    const pluginErrors = [];
    const pluginBefore = await scrape();
    const pluginStart = performance.now();
    for (const name of names) {
      const t0 = performance.now();
      const answer = await pluginView(name);
      pluginMs.push(performance.now() - t0);
      if (answer.status !== 200)
        throw new Error(
          `Kubernetes plugin, ${name}: HTTP ${answer.status ?? 'timeout'}`,
        );
      pluginBytes.push(answer.bytes);
      const cluster = answer.json.items?.[0];
      pluginPods.push(
        cluster?.resources?.find(r => r.type === 'pods')?.resources?.length ??
          0,
      );
      pluginErrors.push(...(cluster?.errors ?? []).map(e => e.errorType));
    }
    const pluginWindowMs = performance.now() - pluginStart;
    const pluginDelta = metricsDelta(pluginBefore, await scrape());
    // Backstage's plugin keeps no state between requests: stop it before our figures.
    plugin.kill();
    log(
      `Backstage's Kubernetes plugin: p50 ${fmtMs(
        percentile(pluginMs, 50),
      )}, ${fmtN(percentile(pluginBytes, 50))} bytes, ${percentile(
        pluginPods,
        50,
      )} pods per answer`,
    );

    // 3b. Our fan-out baseline: keep-alive connections (faster than client-node as configured).
    const models = lib.buildServiceModel(
      lib.validateCatalog(JSON.parse(fs.readFileSync(catalogFile, 'utf8')))
        .catalog,
    );
    const allServices = [...models.services.values()];
    const fanOut = fanOutPageView(
      lib,
      kubeConfigOf(lib, stack.viewerKubeconfigPath, { keepAlive: true }),
      allServices,
    );
    for (let i = 0; i < 10; i++) await fanOut(models.services.get(names[i]));
    const fanOutMs = [];
    let fanOutRequests = 0;
    for (const name of names) {
      const t0 = performance.now();
      const { requests } = await fanOut(models.services.get(name));
      fanOutMs.push(performance.now() - t0);
      fanOutRequests = requests;
    }
    log(
      `fan-out: p50 ${fmtMs(
        percentile(fanOutMs, 50),
      )} (${fanOutRequests} lists per page view)`,
    );

    // 4. LiveHealth: the first answer evaluates the whole catalog.
    let live;
    try {
      live = await backend.call('liveHealth', {}, EVALUATION_TIMEOUT_MS);
      log(
        `backend: first evaluation ${fmtMs(
          live.firstEvaluationMs,
        )}; statuses ${JSON.stringify(live.statuses)}`,
      );
    } catch (e) {
      if (!e.timedOut) throw e;
      log(
        `backend: no first evaluation within ${fmtMs(EVALUATION_TIMEOUT_MS)}`,
      );
    }
    result.firstEvaluation = live
      ? {
          ms: live.firstEvaluationMs,
          statuses: live.statuses,
          waitedForConnectionMs: live.waitedForConnectionMs,
        }
      : { timedOutAfterMs: EVALUATION_TIMEOUT_MS };
    result.memory = {
      beforeCache: init.memory,
      cacheSynced: sync.memory,
      withAnswers: live?.memory,
    };

    // 5. The idle window: nobody looks, nothing changes.
    const idleBefore = await scrape();
    const idleStart = performance.now();
    await sleep(IDLE_MS);
    const idleDelta = metricsDelta(idleBefore, await scrape());
    const idleMs = performance.now() - idleStart;
    const perSecond = n => (n ?? 0) / (idleMs / 1000);
    result.idle = {
      ms: idleMs,
      byVerb: idleDelta.byVerb,
      watchPerSecond: perSecond(idleDelta.byVerb.WATCH),
      listPerSecond: perSecond(idleDelta.byVerb.LIST),
    };
    log(
      `idle: ${JSON.stringify(idleDelta.byVerb)} in ${(idleMs / 1000).toFixed(
        0,
      )} s`,
    );
    const reads = d => (d.byVerb.LIST ?? 0) + (d.byVerb.GET ?? 0);
    const readsPerView = (delta, windowMs, views) =>
      (reads(delta) - reads(idleDelta) * (windowMs / idleMs)) / views;
    result.kubernetesPlugin = {
      version: JSON.parse(
        fs.readFileSync(
          path.join(
            REPO_ROOT,
            'node_modules/@backstage/plugin-kubernetes-backend/package.json',
          ),
          'utf8',
        ),
      ).version,
      latency: stats(pluginMs),
      bytes: stats(pluginBytes),
      podsPerAnswer: stats(pluginPods),
      errors: [...new Set(pluginErrors)],
      window: pluginDelta,
      readsPerView: readsPerView(pluginDelta, pluginWindowMs, names.length),
    };
    result.fanOut = { latency: stats(fanOutMs), listsPerView: fanOutRequests };

    if (live) {
      const { port } = await backend.call('serve');
      const base = `http://127.0.0.1:${port}/api/platform-services`;

      // 6. Cached answers, in the backend and over HTTP; API reads per page view.
      result.cached = stats(
        (await backend.call('latency', { names, warmup: 200, mode: 'cached' }))
          .samples,
      );
      const viewMs = [];
      const viewBytes = [];
      const before = await scrape();
      const windowStart = performance.now();
      for (let i = 0; i < PAGE_VIEWS; i++) {
        const name = names[i % names.length];
        const t0 = performance.now();
        const [a, b] = await Promise.all([
          httpJson(`${base}/services/${name}/health?environment=dev`),
          httpJson(`${base}/health?environment=dev`),
        ]);
        if (a.status !== 200 || b.status !== 200)
          throw new Error(
            `page view of ${name}: HTTP ${a.status} / ${b.status}`,
          );
        viewMs.push(performance.now() - t0);
        viewBytes.push(a.bytes);
      }
      const windowMs = performance.now() - windowStart;
      const viewsDelta = metricsDelta(before, await scrape());
      result.pageViews = {
        latency: stats(viewMs),
        healthAnswerBytes: stats(viewBytes),
        window: viewsDelta,
        readsPerView: readsPerView(viewsDelta, windowMs, PAGE_VIEWS),
      };

      // 7. The same services' statuses from the cache and from the fan-out (with upstream).
      const unique = [...new Set(names)];
      const cacheStatuses = await backend.call('statuses', { names: unique });
      const fanOutStatuses = {};
      const seen = new Map();
      for (const name of unique) {
        const service = models.services.get(name);
        const upstream = await upstreamOf(
          fanOut,
          service,
          models.services,
          seen,
        );
        fanOutStatuses[name] = (await fanOut(service, upstream)).health.status;
      }
      const disagreements = {};
      for (const [name, status] of Object.entries(cacheStatuses)) {
        if (status !== fanOutStatuses[name]) {
          const key = `cache ${status} / fan-out ${fanOutStatuses[name]}`;
          (disagreements[key] ??= []).push(name);
        }
      }
      result.agreement = {
        services: unique.length,
        agreeing:
          unique.length -
          Object.values(disagreements).reduce((a, b) => a + b.length, 0),
        disagreements,
      };

      // 8. Change to page event, and the backend's busy time for each change.
      sse = subscribe(`${base}/events`);
      await sse.connected;
      const eventRand = mulberry32(5);
      const candidates = plan.services
        .filter(s => !s.unwell && s.index % 2 === 0)
        .map(s => [eventRand(), s])
        .sort((a, b) => a[0] - b[0])
        .map(([, s]) => s)
        .slice(0, EVENT_SAMPLES);
      const eventSamples = [];
      const eventsStart = performance.now();
      await backend.call('track', { on: true });
      let blocked = false;
      for (const service of candidates) {
        if (
          eventSamples.length > 0 &&
          performance.now() - eventsStart > EVENT_BUDGET_MS
        )
          break;
        let writtenAt;
        const pod = await crashPod({
          rest,
          service,
          onWrite: () => (writtenAt = now()),
        });
        const event = await sse.waitFor(
          service.name,
          writtenAt,
          EVENT_TIMEOUT_MS,
        );
        // The backend's own reports may still be on their way.
        await sleep(50);
        const cacheReport = reports.find(
          r =>
            r.type === 'cacheChange' &&
            r.at >= writtenAt &&
            r.namespace === service.namespace,
        );
        const healthReport = reports.find(
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
          toCacheMs: cacheReport ? cacheReport.at - writtenAt : undefined,
          toHealthEventMs: healthReport
            ? healthReport.at - writtenAt
            : undefined,
          busyMs:
            cacheReport && healthReport
              ? healthReport.busyMs - cacheReport.busyMs
              : undefined,
          servicesInEvent: healthReport?.services.length,
        };
        eventSamples.push(sample);
        log(
          `event ${eventSamples.length}: ${
            sample.timedOut
              ? `none within ${fmtMs(EVENT_TIMEOUT_MS)}`
              : fmtMs(sample.ms)
          } (write→cache ${fmtMs(
            sample.toCacheMs,
          )}, write→LiveHealth event ${fmtMs(
            sample.toHealthEventMs,
          )}, busy ${fmtMs(sample.busyMs)}, ${
            sample.servicesInEvent ?? '?'
          } services in the event)`,
        );
        if (sample.timedOut) {
          blocked = true;
          break;
        }
        reports.length = 0;
      }
      await backend.call('track', { on: false }, 5_000).catch(() => {});
      const arrived = eventSamples.filter(s => !s.timedOut).map(s => s.ms);
      result.events = {
        ...stats(arrived),
        timedOut: eventSamples.length - arrived.length,
        timeoutMs: EVENT_TIMEOUT_MS,
        details: eventSamples,
      };
      const busy = eventSamples
        .filter(s => s.busyMs !== undefined)
        .map(s => s.busyMs);
      result.oneChange = {
        busy: stats(busy),
        fullEvaluationMs: live.firstEvaluationMs,
      };

      // 9. Page answers while pods change: a steady stream, CHURN_RATE a second.
      const eventServices = new Set(candidates.map(s => s.name));
      const churnPods = plan.services
        .filter(s => !s.unwell && !eventServices.has(s.name))
        .map(s => podsOf(s)[5]);
      const churn = forkWithCalls(path.join(HERE, 'churn.mjs'));
      children.push(churn);
      const churnStarted = new Promise(resolve =>
        churn.child.on('message', m => m.type === 'started' && resolve()),
      );
      const churnStopped = new Promise(resolve =>
        churn.child.on('message', m => m.type === 'stopped' && resolve(m)),
      );
      churn.child.send({ access: admin, pods: churnPods, rate: CHURN_RATE });
      await churnStarted;
      await sleep(5_000);
      const churnMs = [];
      let unanswered = 0;
      const churnStart = performance.now();
      for (let i = 0; performance.now() - churnStart < CHURN_MS; i++) {
        const name = names[i % names.length];
        const left = CHURN_MS - (performance.now() - churnStart);
        const t0 = performance.now();
        const answer = await httpJson(
          `${base}/services/${name}/health?environment=dev`,
          {
            timeoutMs: Math.max(1_000, left),
          },
        );
        if (answer.timedOut) {
          unanswered++;
          break;
        }
        if (answer.status !== 200)
          throw new Error(
            `page answer under churn, ${name}: HTTP ${answer.status}`,
          );
        churnMs.push(performance.now() - t0);
        // A page every CHURN_PAGE_MS at most: readers, not a load test.
        await sleep(Math.max(0, CHURN_PAGE_MS - (performance.now() - t0)));
      }
      churn.child.send('stop');
      const churnResult = await Promise.race([
        churnStopped,
        sleep(30_000).then(() => ({})),
      ]);
      churn.kill();
      result.churn = {
        rate: CHURN_RATE,
        windowMs: CHURN_MS,
        latency: stats(churnMs),
        unanswered,
        writes: churnResult.writes,
        failures: churnResult.failures,
        writesPerSecond: churnResult.writes / churnResult.seconds,
      };
      log(
        `page answers under churn: ${fmtStats(
          result.churn.latency,
          unanswered,
        )}, ${churnResult.writes ?? '?'} pod changes written (${(
          result.churn.writesPerSecond ?? 0
        ).toFixed(1)}/s)`,
      );
      if (!blocked && !unanswered) {
        result.cacheHealth = await backend.call('cacheHealth', {}, 10_000);
        await backend.call('stop', {}, 10_000).catch(() => {});
      }
    }
    rest.close();
    return result;
  } finally {
    await self.cleanup();
    running.delete(self);
  }
}

/** The table of one size: [figure, value, target, verdict]. */
function rowsOf(r) {
  const m = r.memory;
  const rows = [
    [
      'Seeding (parallel writers)',
      `${(r.seed.ms / 1000).toFixed(0)} s, ${fmtN(
        r.seed.counts.requests,
      )} requests (${fmtN(r.seed.counts.requests / (r.seed.ms / 1000))}/s, ${
        r.seed.writers
      } writers x ${r.seed.concurrency})`,
      '',
      '',
    ],
    [
      'Watch cache sync',
      `${(r.cache.syncMs / 1000).toFixed(1)} s, ${fmtN(
        r.cache.loops,
      )} list-then-watch loops`,
      '',
      '',
    ],
    [
      'Objects cached / in the API server (fresh list)',
      Object.entries(r.cache.inServer)
        .filter(([k, n]) => n || r.cache.counts[k])
        .map(([k, n]) => `${k} ${fmtN(r.cache.counts[k] ?? 0)}/${fmtN(n)}`)
        .join(', '),
      'equal',
      verdict(r.cache.mismatched.length === 0),
    ],
    [
      'First evaluation (whole catalog)',
      r.firstEvaluation.ms !== undefined
        ? fmtMs(r.firstEvaluation.ms)
        : `none within ${fmtMs(r.firstEvaluation.timedOutAfterMs)}`,
      '',
      '',
    ],
  ];
  if (r.cacheHealth)
    rows.push([
      'Cache lost its connection after the sync (a loop failed)',
      `${r.cacheHealth.count} times${
        r.cacheHealth.lastError
          ? `; last: ${r.cacheHealth.lastError.slice(0, 80)}`
          : ''
      }`,
      '',
      '',
    ]);
  if (r.events) {
    const target = TARGETS.eventP99Ms(r.services);
    rows.push([
      `Change to page event over SSE (n=${r.events.n}${
        r.events.timedOut ? `, ${r.events.timedOut} timed out` : ''
      })`,
      r.events.n
        ? `p50 ${fmtMs(r.events.p50)}, p99 ${fmtMs(r.events.p99)}`
        : `none within ${fmtMs(r.events.timeoutMs)}`,
      `p99 < ${target / 1000} s`,
      verdict(
        r.events.timedOut === 0 && r.events.n > 0 && r.events.p99 < target,
      ),
    ]);
  } else
    rows.push([
      'Change to page event over SSE',
      'not measured (no first evaluation)',
      `p99 < ${TARGETS.eventP99Ms(r.services) / 1000} s`,
      'MISSED',
    ]);
  if (r.churn) {
    rows.push([
      `Page answers under ${r.churn.rate} pod changes/s (n=${
        r.churn.latency.n
      }, ${(r.churn.windowMs / 1000).toFixed(0)} s)`,
      fmtStats(r.churn.latency, r.churn.unanswered),
      `p99 < ${TARGETS.churnP99Ms} ms`,
      verdict(
        r.churn.unanswered === 0 &&
          r.churn.latency.n > 0 &&
          r.churn.latency.p99 < TARGETS.churnP99Ms,
      ),
    ]);
  } else
    rows.push([
      'Page answers under pod changes',
      'not measured (no first evaluation)',
      `p99 < ${TARGETS.churnP99Ms} ms`,
      'MISSED',
    ]);
  if (r.agreement) {
    const d = Object.entries(r.agreement.disagreements);
    rows.push([
      `Statuses: cache against fan-out, same moment (n=${r.agreement.services})`,
      `${r.agreement.agreeing} agree${
        d.length
          ? `; ${d
              .map(
                ([k, v]) => `${k}: ${v.length} (${v.slice(0, 3).join(', ')})`,
              )
              .join('; ')}`
          : ''
      }`,
      'all agree',
      verdict(d.length === 0),
    ]);
  }
  if (r.oneChange) {
    const b = r.oneChange.busy;
    rows.push([
      `Evaluation cost of one change (backend busy time, n=${b.n})`,
      b.n
        ? `p50 ${fmtMs(b.p50)}, p99 ${fmtMs(b.p99)}; full evaluation ${fmtMs(
            r.oneChange.fullEvaluationMs,
          )}; ratio full / one change ${fmtRatio(
            r.oneChange.fullEvaluationMs / b.p50,
          )}`
        : '-',
      '',
      '',
    ]);
  }
  const objects = r.cache.objects;
  rows.push([
    'Backend memory before the cache (heap used / total / external / RSS)',
    memLine(m.beforeCache),
    '',
    '',
  ]);
  rows.push([
    '  cache synced',
    `${memLine(m.cacheSynced)}; ${fmtKb(
      (m.cacheSynced.heapUsed - m.beforeCache.heapUsed) / objects,
    )} heap, ${fmtKb(
      (m.cacheSynced.rss - m.beforeCache.rss) / objects,
    )} RSS per cached object (${fmtN(objects)})`,
    r.services >= 5000 ? 'RSS < 1 GB' : '',
    r.services >= 5000 ? verdict(m.cacheSynced.rss < TARGETS.rssBytes) : '',
  ]);
  if (m.withAnswers)
    rows.push([
      '  cache + evaluated answers',
      memLine(m.withAnswers),
      r.services >= 5000 ? 'RSS < 1 GB' : '',
      r.services >= 5000 ? verdict(m.withAnswers.rss < TARGETS.rssBytes) : '',
    ]);
  rows.push([
    `Idle backend: watch requests per second (${(r.idle.ms / 1000).toFixed(
      0,
    )} s)`,
    `${r.idle.watchPerSecond.toFixed(
      3,
    )}/s WATCH, ${r.idle.listPerSecond.toFixed(3)}/s LIST (${JSON.stringify(
      r.idle.byVerb,
    )})`,
    `< ${TARGETS.idleWatchPerSecond}/s`,
    verdict(r.idle.watchPerSecond < TARGETS.idleWatchPerSecond),
  ]);
  const k = r.kubernetesPlugin;
  rows.push([
    `Backstage Kubernetes plugin ${k.version}, per-entity request (n=${k.latency.n})`,
    `${fmtStats(k.latency)}; ${fmtPerView(
      k.readsPerView,
    )} API reads per page view; ${fmtN(k.bytes.p50)} bytes (p50); ${
      k.podsPerAnswer.p50
    } pods per answer${
      k.errors.length ? `; errors ${k.errors.join(', ')}` : ''
    }`,
    '',
    '',
  ]);
  if (r.pageViews) {
    rows.push([
      `Ours: health answer over HTTP, cached (n=${r.pageViews.latency.n}, with the summary)`,
      `${fmtStats(r.pageViews.latency)}; ${fmtPerView(
        r.pageViews.readsPerView,
      )} API reads per page view; ${fmtN(
        r.pageViews.healthAnswerBytes.p50,
      )} bytes (p50)`,
      `${TARGETS.readsPerView} reads`,
      verdict(r.pageViews.readsPerView <= TARGETS.readsPerView),
    ]);
    rows.push([
      '  ratio Kubernetes plugin / ours, latency',
      `p50 ${fmtRatio(k.latency.p50 / r.pageViews.latency.p50)}, p99 ${fmtRatio(
        k.latency.p99 / r.pageViews.latency.p99,
      )}`,
      '',
      '',
    ]);
  }
  rows.push([
    `Fan-out baseline, keep-alive (n=${r.fanOut.latency.n}, ${r.fanOut.listsPerView} lists/view)`,
    fmtStats(r.fanOut.latency),
    '',
    '',
  ]);
  if (r.cached) {
    const ratio = {
      p50: r.fanOut.latency.p50 / r.cached.p50,
      p99: r.fanOut.latency.p99 / r.cached.p99,
    };
    rows.push([
      `serviceHealth in the backend, cached answer (n=${r.cached.n})`,
      fmtStats(r.cached),
      '',
      '',
    ]);
    rows.push([
      '  ratio fan-out / cached answer',
      `p50 ${fmtRatio(ratio.p50)}, p99 ${fmtRatio(ratio.p99)}`,
      `>= ${TARGETS.ratio}x`,
      verdict(ratio.p50 >= TARGETS.ratio && ratio.p99 >= TARGETS.ratio),
    ]);
  }
  return rows;
}

function printTable(title, rows) {
  const w = [
    Math.max(...rows.map(r => r[0].length)) + 2,
    Math.min(110, Math.max(...rows.map(r => r[1].length))) + 2,
    14,
  ];
  console.log('');
  console.log(title);
  console.log(
    `${'Figure'.padEnd(w[0])}${'Value'.padEnd(w[1])}${'Target'.padEnd(
      w[2],
    )}Verdict`,
  );
  for (const r of rows)
    console.log(
      `${r[0].padEnd(w[0])}${r[1].padEnd(w[1])}${r[2].padEnd(w[2])}${r[3]}`,
    );
}

const results = [];

/** Writes bench/results/health.json with the sizes measured so far; returns its path. */
function writeResults(load, bundleMs) {
  const out = {
    benchmark: 'health',
    date: new Date().toISOString(),
    node: process.version,
    platform: `${os.platform()} ${os.arch()}`,
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model,
    loadAverageAtStart: load,
    options: {
      requests: N,
      writers: WRITERS,
      concurrency: CONCURRENCY,
      churnRate: CHURN_RATE,
      churnMs: CHURN_MS,
      idleMs: IDLE_MS,
      eventTimeoutMs: EVENT_TIMEOUT_MS,
      evaluationTimeoutMs: EVALUATION_TIMEOUT_MS,
    },
    bundleMs,
    sizes: results,
  };
  const resultsDir = path.join(REPO_ROOT, 'bench/results');
  fs.mkdirSync(resultsDir, { recursive: true });
  const outFile = path.join(resultsDir, 'health.json');
  fs.writeFileSync(outFile, `${JSON.stringify(out, null, 2)}\n`);
  return outFile;
}
try {
  const cpus = os.cpus();
  const load = os.loadavg();
  console.log(
    `Health benchmark — Node ${process.version}, ${cpus.length} CPU(s) ${
      cpus[0]?.model ?? ''
    }, load average at start ${load.map(l => l.toFixed(2)).join(' ')}, ${fmtMb(
      os.totalmem(),
    )} memory (${fmtMb(os.freemem())} free)`,
  );
  const bundleDir = fs.mkdtempSync(
    path.join(os.tmpdir(), 'bench-health-bundle-'),
  );
  running.add({
    cleanup: async () => fs.rmSync(bundleDir, { recursive: true, force: true }),
  });
  const bundleFile = path.join(bundleDir, 'health.cjs');
  const bundleMs = await buildBundle(bundleFile);
  const lib = loadBundle(bundleFile);
  progress(`bundled the code under test in ${bundleMs.toFixed(0)} ms`);

  for (const services of SIZES) {
    const r = await runSize(lib, bundleFile, services);
    results.push(r);
    writeResults(load, bundleMs);
    printTable(
      `${fmtN(r.services)} services, ${fmtN(
        r.seed.counts.pods,
      )} pods (load average now ${os
        .loadavg()
        .map(l => l.toFixed(2))
        .join(' ')})`,
      rowsOf(r),
    );
    if (r.events?.details.length)
      console.log(
        `Event breakdown (write→cache / write→LiveHealth event / write→SSE client / busy): ${r.events.details
          .map(
            s =>
              `${fmtMs(s.toCacheMs)} / ${fmtMs(s.toHealthEventMs)} / ${
                s.timedOut ? 'timeout' : fmtMs(s.ms)
              } / ${fmtMs(s.busyMs)}`,
          )
          .join('; ')}`,
      );
  }
  if (results.length > 1) {
    const rows = results.map(r => [
      `${fmtN(r.services)} services, ${fmtN(r.cache.objects)} cached objects`,
      `full evaluation ${
        r.firstEvaluation.ms !== undefined
          ? fmtMs(r.firstEvaluation.ms)
          : `> ${fmtMs(r.firstEvaluation.timedOutAfterMs)}`
      } (${
        r.firstEvaluation.ms !== undefined
          ? fmtMs(r.firstEvaluation.ms / r.services)
          : '-'
      } per service); one change ${
        r.oneChange?.busy.n ? fmtMs(r.oneChange.busy.p50) : '-'
      } (p50)`,
      '',
      '',
    ]);
    const [a, b] = [results[0], results[results.length - 1]];
    if (a.oneChange?.busy.n && b.oneChange?.busy.n)
      rows.push([
        `growth ${fmtN(a.services)} → ${fmtN(b.services)} services (${fmtRatio(
          b.services / a.services,
        )})`,
        `full evaluation ${fmtRatio(
          b.firstEvaluation.ms / a.firstEvaluation.ms,
        )}, one change ${fmtRatio(
          b.oneChange.busy.p50 / a.oneChange.busy.p50,
        )}`,
        '',
        '',
      ]);
    printTable('Evaluation cost against the number of services', rows);
  }
  const outFile = writeResults(load, bundleMs);
  console.log('');
  console.log(
    `Results written to ${
      path.relative(process.cwd(), outFile) || outFile
    }; total ${((performance.now() - started) / 1000).toFixed(0)} s.`,
  );
} catch (e) {
  console.error(e instanceof Error ? e.stack : e);
  process.exitCode = 1;
} finally {
  await cleanupAll();
}
