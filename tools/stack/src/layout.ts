/*
 * Where the stack finds its inputs in the repository and puts its outputs in a stack folder.
 */
import { resolve, join } from 'node:path';

/** The repository root (this file is tools/stack/src/layout.ts). */
export const repoRoot = resolve(import.meta.dirname, '..', '..', '..');

/** Inputs read from the repository. */
export const repoPaths = {
  buildServersScript: join(repoRoot, 'tools', 'build-servers.sh'),
  crdsDir: join(repoRoot, 'tools', 'crds'),
  rbacDir: join(repoRoot, 'examples', 'rbac'),
  kwokStages: join(repoRoot, 'tools', 'stack', 'kwok', 'stages.yaml'),
  scenariosDir: join(repoRoot, 'examples', 'cluster'),
  demoWorkerScript: join(import.meta.dirname, 'demoWorker.ts'),
  gitServerScript: join(import.meta.dirname, 'gitServer.ts'),
  demoWorkflows: join(import.meta.dirname, 'demoWorkflows.ts'),
};

/** The folder `yarn stack` uses when no --dir is given (gitignored). */
export const defaultStackDir = join(repoRoot, '.stack');

/** Files and folders inside a stack folder. Only these are ever removed by the stack. */
export function stackPaths(dir: string) {
  return {
    state: join(dir, 'state.json'),
    summary: join(dir, 'stack.json'),
    etcdData: join(dir, 'etcd'),
    certDir: join(dir, 'certs'),
    serviceAccountKey: join(dir, 'certs', 'service-account.key'),
    serviceAccountPub: join(dir, 'certs', 'service-account.pub'),
    tokenFile: join(dir, 'certs', 'tokens.csv'),
    servingCert: join(dir, 'certs', 'apiserver.crt'),
    caFile: join(dir, 'certs', 'ca.crt'),
    temporalDb: join(dir, 'temporal.db'),
    gitRepository: join(dir, 'git', 'platform.git'),
    gitWorkTree: join(dir, 'git', 'work'),
    fluxStorage: join(dir, 'flux'),
    logsDir: join(dir, 'logs'),
    log: (name: string) => join(dir, 'logs', `${name}.log`),
    kubeconfig: (identity: string) => join(dir, `kubeconfig-${identity}.yaml`),
  };
}

/** Entries of a stack folder that a new `up` clears (a stale temporal.db may have -wal/-shm files). */
export const stackEntries = [
  'state.json',
  'stack.json',
  'etcd',
  'certs',
  'logs',
  'git',
  'flux',
  'temporal.db',
  'temporal.db-wal',
  'temporal.db-shm',
  'kubeconfig-admin.yaml',
  'kubeconfig-viewer.yaml',
  'kubeconfig-operator.yaml',
];
