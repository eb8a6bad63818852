/*
 * The server binaries (kapi: etcd, kube-apiserver, kube-controller-manager, kube-scheduler and kwok;
 * Flux's source-controller and kustomize-controller with their CRDs; the Temporal CLI), built from Go
 * modules by tools/build-servers.sh and cached outside the clone. The script is instant when all are
 * cached.
 */
import { spawn } from 'node:child_process';
import { repoPaths } from './layout.ts';

/** Absolute paths of the cached server binaries. */
export interface ServerBinaries {
  kapi: string;
  fluxSource: string;
  fluxKustomize: string;
  /** A folder with the CRDs the Flux controllers serve. */
  fluxCrds: string;
  temporal: string;
}

/**
 * Runs tools/build-servers.sh (which reuses cached binaries, or builds them: several minutes the first
 * time) and returns the paths it prints. Its progress goes to our stderr.
 */
export async function ensureServerBinaries(): Promise<ServerBinaries> {
  const script = repoPaths.buildServersScript;
  const stdout = await new Promise<string>((resolvePromise, reject) => {
    const child = spawn('bash', [script], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', chunk => {
      out += chunk;
    });
    child.on('error', reject);
    child.on('close', code => {
      if (code === 0) {
        resolvePromise(out);
      } else {
        reject(
          new Error(
            `${script} exited with code ${code}: the kapi, flux and temporal binaries are missing and could not be built (it needs Go >= 1.26 and the Go module proxy; run it by hand to see why)`,
          ),
        );
      }
    });
  });
  const value = (key: string) => {
    const line = stdout.split('\n').find(l => l.startsWith(`${key}=`));
    if (!line) {
      throw new Error(`${script} printed no ${key}= line`);
    }
    return line.slice(key.length + 1).trim();
  };
  return {
    kapi: value('KAPI'),
    fluxSource: value('FLUX_SOURCE'),
    fluxKustomize: value('FLUX_KUSTOMIZE'),
    fluxCrds: value('FLUX_CRDS'),
    temporal: value('TEMPORAL'),
  };
}
