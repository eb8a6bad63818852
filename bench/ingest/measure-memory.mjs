/**
 * Child process of run.mjs: measures the memory of ONE step on ONE catalog
 * file, then prints one line of JSON and exits.
 *
 *   node --expose-gc measure-memory.mjs <bundle.cjs> <catalog.json> <step> <maxBytes>
 *
 * How:
 *  1. Load the bundle and run the step 3 times on a small catalog (30
 *     services), so Ajv has compiled its schema and the code is warm: neither
 *     the schema compile nor the code itself is counted. (Small, so that it
 *     leaves little free-but-committed heap behind for the step to reuse
 *     unseen; some always remains, which makes small figures understate.)
 *  2. Read the catalog text (the input, present in every step, so not counted)
 *     and, for steps that start from an object, prepare it (parse/validate).
 *  3. Full GC twice, note rss and heapUsed, and reset the kernel's peak-RSS
 *     mark to the current RSS (Linux: write 5 to /proc/self/clear_refs).
 *  4. Run the step once (synchronously).
 *  5. Read the peak-RSS mark (VmHWM): peak RSS growth = VmHWM - RSS at reset.
 *     This includes everything the step allocated, garbage and young
 *     generation included, since a setInterval sampler could not run while
 *     the step blocks the thread.
 *  6. Full GC with the result still referenced: retained heap = heapUsed now -
 *     heapUsed at 3, i.e. what the result keeps alive.
 *
 * Without /proc/self/clear_refs (not Linux), falls back to
 * process.resourceUsage().maxRSS, the peak of the whole child's life, and
 * says so in `rssMethod`.
 */
import fs from 'node:fs';
import { loadBundle } from './build.mjs';
import { generateCatalogText } from './generate.mjs';
import { makeSteps } from './steps.mjs';

const [bundleFile, catalogFile, stepName, maxBytesArg] = process.argv.slice(2);
if (typeof globalThis.gc !== 'function')
  throw new Error('run with --expose-gc');

const MB = 1024 * 1024;
const steps = makeSteps(loadBundle(bundleFile), Number(maxBytesArg));
const step = steps[stepName];
if (!step) throw new Error(`unknown step ${stepName}`);

function inputsFor(text) {
  const input = { text };
  if (['schemaAndRules', 'rules'].includes(stepName))
    input.parsed = JSON.parse(text);
  if (['transform', 'model', 'entities'].includes(stepName)) {
    input.catalog = steps.validate({ text }).catalog;
  }
  return input;
}

// 1. Warm-up on a small catalog.
{
  const small = inputsFor(generateCatalogText(30, 7));
  for (let i = 0; i < 3; i++) step(small);
}

// 2. The real input.
const input = inputsFor(fs.readFileSync(catalogFile, 'utf8'));

// 3. Baseline.
function vmHwmKb() {
  const m = /VmHWM:\s+(\d+)\s+kB/.exec(
    fs.readFileSync('/proc/self/status', 'utf8'),
  );
  return m ? Number(m[1]) : undefined;
}
gc();
gc();
const before = process.memoryUsage();
let rssMethod = 'VmHWM after clear_refs reset';
let rssAtReset;
try {
  fs.writeFileSync('/proc/self/clear_refs', '5');
  rssAtReset = vmHwmKb() * 1024;
  if (!Number.isFinite(rssAtReset)) throw new Error('no VmHWM');
} catch {
  rssMethod = 'process.resourceUsage().maxRSS (whole child lifetime)';
  rssAtReset = process.memoryUsage().rss;
}

// 4. The step.
const t0 = performance.now();
let result = step(input);
const ms = performance.now() - t0;

// 5. Peak.
const peakRss = rssMethod.startsWith('VmHWM')
  ? vmHwmKb() * 1024
  : process.resourceUsage().maxRSS * 1024;
const heapBeforeGc = process.memoryUsage().heapUsed;

// 6. Retained.
gc();
gc();
const after = process.memoryUsage();
globalThis.__keep = result; // the result is alive until here
result = undefined;

process.stdout.write(
  `${JSON.stringify({
    step: stepName,
    ms,
    rssMethod,
    rssBeforeMB: rssAtReset / MB,
    peakRssMB: peakRss / MB,
    peakRssGrowthMB: (peakRss - rssAtReset) / MB,
    heapBeforeMB: before.heapUsed / MB,
    heapUsedRightAfterMB: heapBeforeGc / MB,
    retainedHeapMB: (after.heapUsed - before.heapUsed) / MB,
  })}\n`,
);
