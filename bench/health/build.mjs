/**
 * Bundles the backend code under test (the TypeScript sources, not a built
 * dist) into one CommonJS file with esbuild, so that plain `node` can load it,
 * the way bench/ingest does. Only the syntax is transformed (target = the
 * running Node). Third-party packages (@kubernetes/client-node, express, ...)
 * are bundled in too, so the harness uses the very same client instance as
 * the watch cache.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../..',
);

const BACKEND = './plugins/platform-services-backend/src';
const COMMON = './plugins/platform-services-common/src';

const ENTRY = `
export { validateCatalog } from '${COMMON}/catalog/validate';
export { buildServiceModel } from '${COMMON}/catalog/model';
export { ClusterWatchCache } from '${BACKEND}/cluster/ClusterWatchCache';
export { makeKubeConfig, makeKubeReader } from '${BACKEND}/cluster/kubernetes';
export { WATCHED_KINDS, emptyObjects, slimObject } from '${BACKEND}/cluster/kinds';
export { LiveHealth, watchScopeOf } from '${BACKEND}/live/LiveHealth';
export { createRouter } from '${BACKEND}/service/router';
export { evaluateServiceHealth, evaluateCatalogHealth } from '${BACKEND}/health';
export {
  KubeConfig,
  KubernetesObjectApi,
  CoreV1Api,
  AppsV1Api,
  CustomObjectsApi,
} from '@kubernetes/client-node';
export { Agent as UndiciAgent } from 'undici';
export { default as express } from 'express';
`;

/** Writes the bundle to `outfile`; returns the build time in ms. */
export async function buildBundle(outfile) {
  const require = createRequire(path.join(REPO_ROOT, 'package.json'));
  const esbuild = require('esbuild');
  const t0 = performance.now();
  await esbuild.build({
    stdin: {
      contents: ENTRY,
      resolveDir: REPO_ROOT,
      sourcefile: 'bench-health-entry.ts',
      loader: 'ts',
    },
    outfile,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: `node${process.versions.node.split('.')[0]}`,
    logLevel: 'error',
    // Optional native helpers of ws; it falls back to JS without them.
    external: ['bufferutil', 'utf-8-validate'],
    tsconfig: path.join(REPO_ROOT, 'tsconfig.json'),
  });
  return performance.now() - t0;
}

/** Loads a bundle written by buildBundle. */
export function loadBundle(file) {
  return createRequire(import.meta.url)(file);
}
