/**
 * Ingest benchmark: is validating and transforming a service-catalog.json
 * within 5x of a bare JSON.parse of the same text?
 *
 *   yarn bench:ingest            (= node --expose-gc bench/ingest/run.mjs)
 *   ... run.mjs --keep           keep the temp dir (bundle + catalog files)
 *   ... run.mjs --no-memory      skip the memory child processes
 *
 * What runs: the TypeScript sources themselves, bundled at start with esbuild
 * (build.mjs) into a temp dir: validateCatalogText / validateCatalog /
 * checkCatalogRules (platform-services-common/src/catalog/validate.ts),
 * buildServiceModel (…/catalog/model.ts) and catalogToEntities
 * (catalog-backend-module-platform-services/src/lib/catalogToEntities.ts).
 *
 * Input: generated catalogs of 1,000 and 10,000 services (generate.mjs),
 * pretty-printed like examples/service-catalog.json, written to temp files.
 * The files exceed the default maxBytes (50 MB) at 10k services, so the limit
 * is raised to the file's size, as an operator would via
 * platformServices.catalog.maxBytes.
 *
 * Time (in this process): for each size, every step runs `warmup` times
 * untimed, then `iterations` times timed, steps interleaved within an
 * iteration; a full GC (global.gc) runs before each timed call and is not
 * timed, and each result is kept until its timer has stopped. We report the
 * median (and min-max) wall time from performance.now(). The verdict uses the
 * ratio of the medians. Printed beside it, as second opinions for a busy
 * machine: the ratio of the fastest runs (noise only adds time) and the ratio
 * of median main-thread CPU time (process.threadCpuUsage, which does not count
 * time spent waiting for a CPU); the load average at start is printed too. The four headline steps are: JSON.parse (baseline),
 * validate only (validateCatalogText: byte count + JSON.parse + Ajv schema +
 * whole-file rules), transform only (buildServiceModel + catalogToEntities on
 * an already validated catalog) and the full ingest (all of it, on the text).
 * Four breakdown steps split them further. The first-ever validateCatalogText
 * call (Ajv compiling the schema) is timed once, on the example catalog, and
 * reported apart. GC pauses during a step count: they are part of its cost.
 *
 * Memory (one child process per size and step, measure-memory.mjs): after a
 * warm-up and two full GCs, the kernel's peak-RSS mark is reset to the current
 * RSS, the step runs once, and "peak RSS growth" is the peak mark minus the
 * RSS at reset: all memory the step touched, garbage and young generation
 * included (a setInterval sampler could not see inside a synchronous call).
 * "Retained heap" is heapUsed after two more full GCs, with the result still
 * referenced, minus heapUsed before: what the step's output keeps alive.
 * RSS figures depend on V8's heap sizing, so compare them between steps and
 * sizes rather than reading them as exact.
 *
 * Output: a table on stdout and bench/results/ingest.json. Exits 0 whether or
 * not the target is met; exits 1 only if the benchmark itself cannot run
 * (e.g. the generated catalog is refused).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildBundle, loadBundle, REPO_ROOT } from './build.mjs';
import { generateCatalogText } from './generate.mjs';
import {
  DETAIL_STEPS,
  HEADLINE_STEPS,
  makeSteps,
  STEP_LABELS,
} from './steps.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const TARGET_RATIO = 5;
const SIZES = [
  { label: '1k', services: 1_000, warmup: 5, iterations: 15 },
  { label: '10k', services: 10_000, warmup: 2, iterations: 5 },
];
const MEMORY_STEPS = HEADLINE_STEPS;
const MB = 1024 * 1024;

const args = new Set(process.argv.slice(2));
const keep = args.has('--keep');
const withMemory = !args.has('--no-memory');

if (typeof globalThis.gc !== 'function') {
  console.error('Run with node --expose-gc (yarn bench:ingest does).');
  process.exit(1);
}

const median = xs => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const fmtMs = x =>
  x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2);
const fmtMb = x => `${x >= 0 ? '+' : ''}${x.toFixed(1)}`;
const pad = (s, n) => String(s).padEnd(n);
const lpad = (s, n) => String(s).padStart(n);

// Main-thread CPU time (Node >= 23.9): unlike wall time it does not grow
// while other processes hold the CPU, nor with GC helper threads.
const hasThreadCpu = typeof process.threadCpuUsage === 'function';
const threadCpuUs = () => {
  if (!hasThreadCpu) return 0;
  const u = process.threadCpuUsage();
  return u.user + u.system;
};

const started = performance.now();
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-ingest-'));
const bundleFile = path.join(tmp, 'ingest.cjs');

try {
  const bundleMs = await buildBundle(bundleFile);
  const lib = loadBundle(bundleFile);

  // Cold first call: Ajv compiles the schema on first use.
  const exampleText = fs.readFileSync(
    path.join(REPO_ROOT, 'examples/service-catalog.json'),
    'utf8',
  );
  let t0 = performance.now();
  const first = lib.validateCatalogText(exampleText);
  const coldFirstValidateMs = performance.now() - t0;
  if (!first.ok) throw new Error('examples/service-catalog.json is refused');

  const cpus = os.cpus();
  const load = os.loadavg();
  console.log(
    `Ingest benchmark — Node ${process.version}, ${cpus.length} CPU(s) ${
      cpus[0]?.model ?? ''
    }, ` + `load average at start ${load.map(l => l.toFixed(2)).join(' ')}`,
  );
  console.log(
    `Code under test bundled from the TS sources with esbuild in ${bundleMs.toFixed(
      0,
    )} ms; ` +
      `first-ever validateCatalogText (Ajv schema compile, example catalog of 20 services): ${coldFirstValidateMs.toFixed(
        0,
      )} ms`,
  );
  console.log('');

  // Catalogs.
  const sizes = [];
  console.log(
    `Catalogs (pretty-printed JSON like examples/service-catalog.json; temp files${
      keep ? '' : ', removed at exit unless --keep'
    }):`,
  );
  for (const size of SIZES) {
    const text = generateCatalogText(size.services);
    const file = path.join(tmp, `catalog-${size.label}.json`);
    fs.writeFileSync(file, text);
    const bytes = fs.statSync(file).size;
    const overDefault = bytes > lib.DEFAULT_MAX_CATALOG_BYTES;
    sizes.push({
      ...size,
      text,
      file,
      bytes,
      overDefault,
      maxBytes: Math.max(bytes, lib.DEFAULT_MAX_CATALOG_BYTES),
    });
    console.log(
      `  ${pad(size.label, 4)} ${lpad(
        size.services.toLocaleString('en-US'),
        6,
      )} services  ${lpad((bytes / MB).toFixed(2), 6)} MB  ${file}` +
        (overDefault
          ? `  (over the default maxBytes of ${
              lib.DEFAULT_MAX_CATALOG_BYTES / MB
            } MB: maxBytes raised for the run)`
          : ''),
    );
  }
  console.log('');

  // Timing.
  const timedSteps = [...HEADLINE_STEPS, ...DETAIL_STEPS];
  for (const size of sizes) {
    const steps = makeSteps(lib, size.maxBytes);
    const input = { text: size.text };
    input.parsed = JSON.parse(size.text);
    input.catalog = steps.validate(input).catalog;
    const runs = Object.fromEntries(timedSteps.map(s => [s, []]));
    const cpuRuns = Object.fromEntries(timedSteps.map(s => [s, []]));
    let sink;
    for (let it = 0; it < size.warmup + size.iterations; it++) {
      for (const name of timedSteps) {
        sink = undefined;
        gc();
        const c = threadCpuUs();
        const t = performance.now();
        sink = steps[name](input);
        const ms = performance.now() - t;
        const cpuMs = (threadCpuUs() - c) / 1000;
        if (it >= size.warmup) {
          runs[name].push(ms);
          cpuRuns[name].push(cpuMs);
        }
      }
    }
    sink = undefined;
    size.timing = Object.fromEntries(
      timedSteps.map(s => [
        s,
        {
          medianMs: median(runs[s]),
          minMs: Math.min(...runs[s]),
          maxMs: Math.max(...runs[s]),
          runsMs: runs[s],
          ...(hasThreadCpu
            ? { medianCpuMs: median(cpuRuns[s]), cpuRunsMs: cpuRuns[s] }
            : {}),
        },
      ]),
    );
    if (hasThreadCpu)
      size.ratioCpu =
        size.timing.ingest.medianCpuMs / size.timing.parse.medianCpuMs;
    size.ratio = size.timing.ingest.medianMs / size.timing.parse.medianMs;
    // Noise only ever adds time, so the ratio of the fastest runs is a useful
    // second opinion on a busy machine.
    size.ratioOfMins = size.timing.ingest.minMs / size.timing.parse.minMs;
    size.meetsTarget = size.ratio <= TARGET_RATIO;
    size.entities = steps.entities(input).length;
    input.parsed = input.catalog = undefined;
    gc();
  }

  const col = 24;
  const header = (title, cells) =>
    console.log(`${pad(title, 42)}${cells.map(c => lpad(c, col)).join('')}`);
  header(
    'Time, median ms (min-max)',
    sizes.map(s => `${s.label} (${s.iterations} runs)`),
  );
  for (const name of timedSteps) {
    if (name === DETAIL_STEPS[0]) console.log('  breakdown:');
    header(
      STEP_LABELS[name],
      sizes.map(s => {
        const t = s.timing[name];
        return `${fmtMs(t.medianMs)} (${fmtMs(t.minMs)}-${fmtMs(t.maxMs)})`;
      }),
    );
  }
  header(
    'ratio full ingest / JSON.parse (medians)',
    sizes.map(s => `${s.ratio.toFixed(2)}x`),
  );
  header(
    '  same, ratio of the fastest runs',
    sizes.map(s => `${s.ratioOfMins.toFixed(2)}x`),
  );
  if (hasThreadCpu) {
    header(
      '  same, main-thread CPU time (medians)',
      sizes.map(s => `${s.ratioCpu.toFixed(2)}x`),
    );
  }
  header(
    `target <= ${TARGET_RATIO}x`,
    sizes.map(s => (s.meetsTarget ? 'MET' : 'MISSED')),
  );
  header(
    'entities produced (Systems + Components)',
    sizes.map(s => s.entities),
  );
  console.log('');

  // Memory.
  if (withMemory) {
    for (const size of sizes) {
      size.memory = {};
      for (const step of MEMORY_STEPS) {
        const child = spawnSync(
          process.execPath,
          [
            '--expose-gc',
            path.join(HERE, 'measure-memory.mjs'),
            bundleFile,
            size.file,
            step,
            String(size.maxBytes),
          ],
          { encoding: 'utf8', maxBuffer: 16 * MB },
        );
        if (child.status !== 0) {
          throw new Error(
            `memory child ${size.label}/${step} failed:\n${child.stderr}`,
          );
        }
        size.memory[step] = JSON.parse(child.stdout.trim().split('\n').pop());
      }
    }
    header(
      'Memory, MB: peak RSS growth / retained heap',
      sizes.map(s => s.label),
    );
    for (const step of MEMORY_STEPS) {
      header(
        STEP_LABELS[step],
        sizes.map(
          s =>
            `${fmtMb(s.memory[step].peakRssGrowthMB)} / ${fmtMb(
              s.memory[step].retainedHeapMB,
            )}`,
        ),
      );
    }
    header(
      'peak RSS growth, ingest / JSON.parse',
      sizes.map(
        s =>
          `${(
            s.memory.ingest.peakRssGrowthMB / s.memory.parse.peakRssGrowthMB
          ).toFixed(2)}x`,
      ),
    );
    console.log(
      `(one child process per cell; peak RSS growth = rise of the kernel's peak-RSS mark during the step ` +
        `[${sizes[0].memory.parse.rssMethod}]; retained = heapUsed after full GC with the result still referenced, minus before)`,
    );
    console.log('');
  }

  // Verdict and JSON.
  const verdict = sizes
    .map(
      s =>
        `${s.label}: ${s.ratio.toFixed(2)}x ${
          s.meetsTarget ? '<=' : '>'
        } ${TARGET_RATIO}x (${s.meetsTarget ? 'MET' : 'MISSED'})`,
    )
    .join('; ');
  console.log(
    `Target "validation plus transform within ${TARGET_RATIO}x of JSON.parse": ${verdict}`,
  );

  const out = {
    benchmark: 'ingest',
    target: `full ingest / JSON.parse <= ${TARGET_RATIO}`,
    date: new Date().toISOString(),
    node: process.version,
    platform: `${os.platform()} ${os.arch()}`,
    cpus: cpus.length,
    cpuModel: cpus[0]?.model,
    bundleMs,
    coldFirstValidateMs,
    sizes: sizes.map(({ text, file, ...s }) => ({
      ...s,
      megabytes: s.bytes / MB,
    })),
  };
  const resultsDir = path.join(REPO_ROOT, 'bench/results');
  fs.mkdirSync(resultsDir, { recursive: true });
  const outFile = path.join(resultsDir, 'ingest.json');
  fs.writeFileSync(outFile, `${JSON.stringify(out, null, 2)}\n`);
  console.log(
    `Results written to ${
      path.relative(process.cwd(), outFile) || outFile
    }; total ${((performance.now() - started) / 1000).toFixed(0)} s.`,
  );
} catch (e) {
  console.error(e instanceof Error ? e.stack : e);
  process.exitCode = 1;
} finally {
  if (keep) console.log(`Kept ${tmp}`);
  else fs.rmSync(tmp, { recursive: true, force: true });
}
