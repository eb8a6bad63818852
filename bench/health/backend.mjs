/**
 * The cache side of the health benchmark, in its own process (forked by
 * run.mjs with --expose-gc), like a backend: a ClusterWatchCache on the
 * viewer kubeconfig, a LiveHealth over it with the generated ServiceModel,
 * and the plugin's router (createRouter) on a local express server with an
 * httpAuth that lets everyone in. Its memory is the backend's memory, and a
 * long synchronous evaluation here blocks only this process, so the harness
 * can keep time (and give up) while it runs.
 *
 * run.mjs drives it over the IPC channel: { id, cmd, args } in,
 * { id, ok, result | error } out. Times sent back as epoch milliseconds use
 * performance.timeOrigin + performance.now(), comparable across processes.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';

const now = () => performance.timeOrigin + performance.now();
const sleep = ms => new Promise(r => setTimeout(r, ms));

let lib;
let model;
let cache;
let health;
let server;
/** How often the synced cache went disconnected (a loop failed), and why last. */
const disconnections = { count: 0, lastError: undefined };

/** Resolves once the cache is connected (every loop listed, none failing), or throws after timeoutMs. */
async function connected(timeoutMs) {
  const started = now();
  while (!cache.status().connected) {
    if (now() - started > timeoutMs) {
      const s = cache.status();
      const waiting = s.reflectors.filter(r => !r.synced);
      throw new Error(
        `the watch cache was not connected within ${timeoutMs} ms: ${
          waiting.length
        } of ${s.reflectors.length} loops not synced; last error: ${
          s.lastError ?? 'none'
        }`,
      );
    }
    await sleep(50);
  }
  return now() - started;
}
/**
 * While tracking, Pod changes seen by the cache and health events are sent to
 * run.mjs as they happen (before any evaluation they trigger can block this
 * process), for the event breakdown.
 */
let tracking = false;
/** The event loop's busy time so far (ms): the difference between two reports is the work done between them. */
const busyMs = () => performance.eventLoopUtilization().active;
const report = message => {
  if (tracking) process.send({ ...message, busyMs: busyMs() });
};

const logger = {
  debug() {},
  info() {},
  warn: (m, e) => console.error(`[backend] warn: ${m}`, e ?? ''),
  error: (m, e) => console.error(`[backend] error: ${m}`, e ?? ''),
  child() {
    return logger;
  },
};

function memory() {
  gc();
  gc();
  const m = process.memoryUsage();
  return {
    rss: m.rss,
    heapUsed: m.heapUsed,
    heapTotal: m.heapTotal,
    external: m.external,
    arrayBuffers: m.arrayBuffers,
  };
}

const commands = {
  async init({ bundle, catalogFile }) {
    lib = createRequire(import.meta.url)(bundle);
    const checked = lib.validateCatalog(
      JSON.parse(fs.readFileSync(catalogFile, 'utf8')),
    );
    if (!checked.ok)
      throw new Error(
        `the generated catalog is refused: ${JSON.stringify(checked).slice(
          0,
          500,
        )}`,
      );
    model = lib.buildServiceModel(checked.catalog);
    return { services: model.services.size, memory: memory() };
  },

  async sync({ kubeconfig, timeoutMs }) {
    const started = now();
    cache = new lib.ClusterWatchCache(
      'bench',
      'dev',
      lib.makeKubeReader(
        lib.makeKubeConfig('bench', { kind: 'kubeconfig', path: kubeconfig }),
      ),
    );
    cache.onChange(change => {
      if (change.kind === 'Pod')
        report({ type: 'cacheChange', at: now(), namespace: change.namespace });
      else if (change.kind === 'status' && !cache.status().connected) {
        // The cache lost its connection after it had synced: answers say `unknown` meanwhile.
        disconnections.count++;
        disconnections.lastError = cache.status().lastError;
      }
    });
    cache.setScope(lib.watchScopeOf(model));
    await connected(timeoutMs);
    const syncMs = now() - started;
    const status = cache.status();
    // Where each kind is watched: cluster-wide (null) or the namespaces of its loops.
    const watched = {};
    for (const r of status.reflectors) {
      if (r.namespace === undefined) watched[r.kind] = null;
      else if (watched[r.kind] !== null)
        (watched[r.kind] ??= []).push(r.namespace);
    }
    return {
      syncMs,
      loops: status.reflectors.length,
      watched,
      partial: status.partial.map(
        p =>
          `${p.kind}${p.namespace ? ` in ${p.namespace}` : ''}: ${p.message}`,
      ),
      counts: cache.counts(),
      memory: memory(),
    };
  },

  async liveHealth() {
    health = new lib.LiveHealth({ clusters: [cache], logger });
    health.onChange(event =>
      report({ type: 'healthChanged', at: now(), services: event.services }),
    );
    // The first answer evaluates the whole catalog from the cache, once it is
    // connected (a disconnected cache answers `unknown` for all, at no cost):
    // time it, right after the model is set (before the debounced flush runs).
    const waitedMs = await connected(600_000);
    health.setModel(model);
    const first = [...model.services.keys()][0];
    const t = performance.now();
    const answer = health.serviceHealth(first, 'dev');
    const firstEvaluationMs = performance.now() - t;
    const statuses = {};
    for (const s of health.summary('dev').services)
      statuses[s.status] = (statuses[s.status] ?? 0) + 1;
    // Let the debounced flush (which publishes the first answers) run.
    await sleep(500);
    return {
      firstEvaluationMs,
      waitedForConnectionMs: waitedMs,
      connected: answer.freshness.connected,
      statuses,
      memory: memory(),
    };
  },

  async serve() {
    const app = lib.express();
    const router = await lib.createRouter({
      httpAuth: {
        credentials: async () => ({
          $$type: '@backstage/BackstageCredentials',
          principal: { type: 'user', userEntityRef: 'user:default/bench' },
        }),
      },
      catalog: {
        model: () => model,
        status: () => ({}),
        acceptedFile: () => undefined,
      },
      health,
      temporal: { targets: () => [], latest: () => undefined },
    });
    app.use('/api/platform-services', router);
    await new Promise(resolve => {
      server = app.listen(0, '127.0.0.1', resolve);
    });
    return { port: server.address().port };
  },

  /** serviceHealth latency, ms per call: `cached`, or `forced` (the environment invalidated first). */
  async latency({ names, warmup, mode, budgetMs }) {
    const call = name => {
      if (mode === 'forced') health.probesChanged('dev');
      const t = performance.now();
      const answer = health.serviceHealth(name, 'dev');
      const ms = performance.now() - t;
      if (!answer) throw new Error(`no answer for ${name}`);
      return ms;
    };
    for (let i = 0; i < warmup; i++) call(names[i % names.length]);
    const samples = [];
    const started = performance.now();
    for (const name of names) {
      samples.push(call(name));
      if (budgetMs !== undefined && performance.now() - started > budgetMs)
        break;
    }
    return { samples };
  },

  /** The status each service's answer gives now. */
  async statuses({ names }) {
    return Object.fromEntries(
      names.map(name => [
        name,
        health.serviceHealth(name, 'dev').health.status,
      ]),
    );
  },

  async track({ on }) {
    tracking = on;
    return {};
  },

  /** Whether the cache is connected now, and how often it lost its connection since it synced. */
  async cacheHealth() {
    return { connected: cache.status().connected, ...disconnections };
  },

  async memory() {
    return { memory: memory(), counts: cache?.counts() };
  },

  async stop() {
    health?.stop();
    cache?.stop();
    server?.closeAllConnections?.();
    server?.close();
    setTimeout(() => process.exit(0), 100).unref();
    return {};
  },
};

process.on('message', async ({ id, cmd, args }) => {
  try {
    const result = await commands[cmd](args ?? {});
    process.send({ id, ok: true, result });
  } catch (e) {
    process.send({
      id,
      ok: false,
      error: e instanceof Error ? e.stack : String(e),
    });
  }
});
process.on('disconnect', () => process.exit(0));
