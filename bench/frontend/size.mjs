#!/usr/bin/env node
// Sizes of the plugin's JavaScript in the production build of the app, with
// and without the lazily loaded diagram (Mermaid) chunks.
//
// Run after `yarn workspace app build` (scripts/e2e.sh does it). Each chunk is
// classified by the sources its source map names:
//   plugin   - has sources from plugins/platform-services*/src
//   diagram  - has sources from node_modules/mermaid or @mermaid-js, or is
//              only reached from them (listed by the browser test as loaded
//              with the Service tab; see test-results/service-page-report.json)
//   other    - everything else (Backstage, React, MUI, ...)
import { readdirSync, readFileSync, statSync, existsSync, writeFileSync, mkdirSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
const dist = join(root, 'packages/app/dist/static');
if (!existsSync(dist)) {
  console.error('No production build: run `yarn workspace app build` first.');
  process.exit(1);
}
const report = existsSync(join(root, 'test-results/service-page-report.json'))
  ? JSON.parse(readFileSync(join(root, 'test-results/service-page-report.json'), 'utf8'))
  : {};
const serviceTabChunks = new Set(
  (report.javascript?.serviceTabAddedChunks ?? []).map(c => c.file),
);

// Mermaid and the libraries only it pulls in.
const DIAGRAM_LIBS =
  /node_modules\/(mermaid|@mermaid-js|d3|d3-[a-z-]+|dagre-d3-es|dagre|cytoscape[a-z-]*|katex|khroma|roughjs|langium|chevrotain[a-z-]*|@chevrotain|@braintree\/sanitize-url|dayjs|dompurify|marked|stylis|lodash-es|elkjs|ts-dedent|@iconify|@upsetjs|vscode-[a-z-]+|uuid|internmap|delaunator|robust-predicates|layout-base|cose-base)\//;

const totals = { plugin: [0, 0], diagram: [0, 0], other: [0, 0] };
let mermaidInBuild = 0;
const chunks = [];
for (const file of readdirSync(dist)) {
  if (!file.endsWith('.js')) continue;
  const path = join(dist, file);
  const bytes = statSync(path).size;
  const gz = gzipSync(readFileSync(path)).byteLength;
  const mapPath = `${path}.map`;
  const sources = existsSync(mapPath) ? JSON.parse(readFileSync(mapPath, 'utf8')).sources ?? [] : [];
  const isPlugin = sources.some(s => /plugins\/platform-services[^/]*\/src\//.test(s));
  const diagramSources = sources.filter(s => DIAGRAM_LIBS.test(s)).length;
  const isDiagramChunk = sources.length > 0 && diagramSources / sources.length > 0.5;
  if (isDiagramChunk) mermaidInBuild += bytes;
  // Diagram code counts when the Service tab loaded it (Mermaid splits one
  // chunk per diagram type; only the types on the page are fetched).
  const kind = isPlugin
    ? 'plugin'
    : isDiagramChunk && (serviceTabChunks.size === 0 || serviceTabChunks.has(file))
      ? 'diagram'
      : 'other';
  totals[kind][0] += bytes;
  totals[kind][1] += gz;
  if (kind !== 'other') chunks.push({ file, kind, bytes, gzipBytes: gz });
}
const kb = n => `${(n / 1024).toFixed(1)} KB`;
console.log('Production build of packages/app: JavaScript by origin');
console.log(`  plugin's own code          ${kb(totals.plugin[0]).padStart(10)}  (gzip ${kb(totals.plugin[1])})`);
console.log(`  lazily loaded diagram code ${kb(totals.diagram[0]).padStart(10)}  (gzip ${kb(totals.diagram[1])})`);
console.log(`  plugin + diagrams          ${kb(totals.plugin[0] + totals.diagram[0]).padStart(10)}  (gzip ${kb(totals.plugin[1] + totals.diagram[1])})`);
console.log(`  all diagram chunks in build ${kb(mermaidInBuild).padStart(9)}  (each fetched only when a diagram of its type is shown)`);
console.log(`  rest of the app            ${kb(totals.other[0]).padStart(10)}  (gzip ${kb(totals.other[1])})`);
console.log(`  ratio plugin+diagrams / plugin alone: ${((totals.plugin[0] + totals.diagram[0]) / totals.plugin[0]).toFixed(1)}x`);
mkdirSync(join(root, 'bench/results'), { recursive: true });
writeFileSync(
  join(root, 'bench/results/frontend-size.json'),
  JSON.stringify({ totals, mermaidInBuild, chunks }, null, 2),
);
