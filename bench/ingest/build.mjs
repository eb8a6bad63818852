/**
 * Bundles the code under test (TypeScript sources, not a built dist) into one
 * CommonJS file with esbuild, so that plain `node` can load it. Only the
 * syntax is transformed (target = the running Node, so nothing is
 * down-levelled and the code runs as the backend would run it); ajv and
 * ajv-formats are bundled in.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../..',
);

const ENTRY = `
export {
  validateCatalogText,
  validateCatalog,
  checkCatalogRules,
  DEFAULT_MAX_CATALOG_BYTES,
} from './plugins/platform-services-common/src/catalog/validate';
export { buildServiceModel } from './plugins/platform-services-common/src/catalog/model';
export { catalogToEntities } from './plugins/catalog-backend-module-platform-services/src/lib/catalogToEntities';
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
      sourcefile: 'bench-ingest-entry.ts',
      loader: 'ts',
    },
    outfile,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: `node${process.versions.node.split('.')[0]}`,
    logLevel: 'error',
    // The plugins' tsconfig is the repo's; only syntax matters here.
    tsconfig: path.join(REPO_ROOT, 'tsconfig.json'),
  });
  return performance.now() - t0;
}

/** Loads a bundle written by buildBundle. */
export function loadBundle(file) {
  return createRequire(import.meta.url)(file);
}
