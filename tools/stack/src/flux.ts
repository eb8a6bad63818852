/*
 * Real Flux for Kustomizations on the reconciling stack: Flux's source-controller and
 * kustomize-controller, and a local Git repository that the stack serves (gitServer.ts) and commits
 * each scenario to. Every object a Kustomization applies in examples/cluster (it carries the
 * `kustomize.toolkit.fluxcd.io/name` label) is a manifest in that repository, under the
 * Kustomization's spec.path; kustomize-controller builds, applies and health-checks them, and reports
 * its own status. The GitRepository `flux-system` points at the local server.
 *
 * No helm-controller, External Secrets or CloudNativePG operator runs: the stack writes the status of
 * HelmReleases, ExternalSecrets and CNPG Clusters as their controllers would (and the objects
 * themselves before kustomize-controller adopts them), so their health checks answer at once.
 */
import { execFile } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { promisify } from 'node:util';
import { stringify } from 'yaml';
import { forEachLimited, type KubeObject, type KubeRest } from './kube.ts';
import { repoPaths, stackPaths } from './layout.ts';
import { manifestFiles, readManifestFile } from './manifests.ts';
import { spawnDetached, waitUntil } from './processes.ts';
import type { RecordStarted } from './servers.ts';
import type { StackState } from './state.ts';

const run = promisify(execFile);

const kustomizationLabel = 'kustomize.toolkit.fluxcd.io/name';
const kustomizationNamespaceLabel = 'kustomize.toolkit.fluxcd.io/namespace';
/** source-controller watches only the sources that carry this label (not the HelmRepositories). */
export const stackSourceLabel = 'stack.platform-services.io/source';
const fluxNamespace = 'flux-system';
const repositoryName = 'platform.git';
const branch = 'main';

/** The address source-controller clones from. */
export function gitUrl(state: StackState): string {
  return `http://127.0.0.1:${state.ports.git}/${repositoryName}`;
}

function git(dir: string, args: string[]) {
  const paths = stackPaths(dir);
  return run(
    'git',
    [
      `--git-dir=${paths.gitRepository}`,
      `--work-tree=${paths.gitWorkTree}`,
      ...args,
    ],
    {
      env: {
        ...process.env,
        GIT_AUTHOR_NAME: 'platform-services stack',
        GIT_AUTHOR_EMAIL: 'stack@platform-services.invalid',
        GIT_COMMITTER_NAME: 'platform-services stack',
        GIT_COMMITTER_EMAIL: 'stack@platform-services.invalid',
      },
    },
  );
}

function isKustomization(o: KubeObject): boolean {
  return (
    o.kind === 'Kustomization' &&
    o.apiVersion.startsWith('kustomize.toolkit.fluxcd.io/')
  );
}

/** The Kustomization (in flux-system) that applies `object`, if any. */
function appliedBy(object: KubeObject): string | undefined {
  const labels =
    (object.metadata.labels as Record<string, string> | undefined) ?? {};
  const namespace = labels[kustomizationNamespaceLabel] ?? fluxNamespace;
  if (namespace !== fluxNamespace) return undefined;
  // The GitRepository is the stack's own (it points at the local server).
  if (object.kind === 'GitRepository') return undefined;
  return labels[kustomizationLabel];
}

/** Whether kustomize-controller applies this object (it is a manifest in the repository). */
export function inGit(
  object: KubeObject,
  objects: readonly KubeObject[],
): boolean {
  const name = appliedBy(object);
  return (
    name !== undefined &&
    objects.some(k => isKustomization(k) && k.metadata.name === name)
  );
}

/** A manifest as Git holds it: no status, nothing the API server or Flux add. */
function manifestOf(object: KubeObject): KubeObject {
  const { status: _status, ...rest } = object;
  const { generation: _g, ...metadata } = object.metadata;
  const labels = Object.fromEntries(
    Object.entries(
      (metadata.labels as Record<string, string> | undefined) ?? {},
    ).filter(([key]) => !key.startsWith('kustomize.toolkit.fluxcd.io/')),
  );
  return {
    ...rest,
    metadata: {
      ...metadata,
      ...(Object.keys(labels).length ? { labels } : { labels: undefined }),
    },
  } as KubeObject;
}

/**
 * The repository's files for a scenario: per Kustomization, its spec.path with a kustomization.yaml
 * listing one file per object it applies (an empty list where it applies nothing).
 */
export function repositoryFiles(
  objects: readonly KubeObject[],
): Map<string, string> {
  const files = new Map<string, string>();
  for (const kustomization of objects.filter(isKustomization)) {
    const path = String(
      (kustomization.spec as { path?: string }).path ?? '.',
    ).replace(/^\.\/?/, '');
    const applied = objects.filter(
      o => appliedBy(o) === kustomization.metadata.name,
    );
    const resources: string[] = [];
    for (const object of applied) {
      const file = `${object.kind.toLowerCase()}-${
        object.metadata.namespace ?? 'cluster'
      }-${object.metadata.name}.yaml`;
      resources.push(file);
      files.set(
        join(path, file),
        stringify(JSON.parse(JSON.stringify(manifestOf(object)))),
      );
    }
    files.set(
      join(path, 'kustomization.yaml'),
      stringify({
        apiVersion: 'kustomize.config.k8s.io/v1beta1',
        kind: 'Kustomization',
        resources: resources.sort(),
      }),
    );
  }
  return files;
}

/** Replaces the work tree with `files` and commits it if anything changed; returns the Flux revision. */
export async function commitFiles(
  dir: string,
  files: Map<string, string>,
  message: string,
): Promise<{ revision: string; committed: boolean }> {
  const { gitWorkTree } = stackPaths(dir);
  rmSync(gitWorkTree, { recursive: true, force: true });
  for (const [path, content] of files) {
    const target = join(gitWorkTree, path);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, content);
  }
  return commitWorkTree(dir, message);
}

/** Every file of the work tree (path relative to the repository root, content). */
export function readWorkTree(dir: string): Map<string, string> {
  const root = stackPaths(dir).gitWorkTree;
  const files = new Map<string, string>();
  const walk = (folder: string) => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) walk(path);
      else files.set(relative(root, path), readFileSync(path, 'utf8'));
    }
  };
  if (existsSync(root)) walk(root);
  return files;
}

/** Commits the work tree as it is (if anything changed); returns the Flux revision of HEAD. */
export async function commitWorkTree(
  dir: string,
  message: string,
): Promise<{ revision: string; committed: boolean }> {
  mkdirSync(stackPaths(dir).gitWorkTree, { recursive: true });
  await git(dir, ['add', '--all']);
  const { stdout: changes } = await git(dir, ['status', '--porcelain']);
  const committed = changes.trim() !== '';
  if (committed) await git(dir, ['commit', '--quiet', '--message', message]);
  const { stdout: sha } = await git(dir, ['rev-parse', 'HEAD']);
  return { revision: `${branch}@sha1:${sha.trim()}`, committed };
}

/**
 * The scenario's objects as the stack writes them next to Flux: the GitRepository pointed at the
 * local server (no credentials), Flux's own objects without status (their controllers write it), and
 * the ConfigMap the Kustomizations substitute variables from.
 */
export function withLocalSource(
  state: StackState,
  objects: readonly KubeObject[],
): KubeObject[] {
  const written = objects.map(object => {
    if (
      object.kind === 'GitRepository' &&
      object.metadata.name === fluxNamespace
    ) {
      const { status: _status, ...rest } = object;
      const { secretRef: _secret, ...spec } = object.spec as Record<
        string,
        unknown
      >;
      return {
        ...rest,
        metadata: {
          ...object.metadata,
          labels: {
            ...(object.metadata.labels as Record<string, string> | undefined),
            [stackSourceLabel]: 'true',
          },
        },
        spec: { ...spec, url: gitUrl(state), interval: '1m' },
      };
    }
    if (isKustomization(object)) {
      const { status: _status, ...rest } = object;
      return rest as KubeObject;
    }
    return object;
  });
  const substituted = objects.some(
    o =>
      isKustomization(o) &&
      JSON.stringify(o.spec).includes('service-environment'),
  );
  if (substituted) {
    written.push({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'service-environment', namespace: fluxNamespace },
      data: { ENVIRONMENT: 'dev', CLUSTER_NAME: 'local' },
    });
  }
  return written;
}

/** Starts the Git server and both Flux controllers after installing Flux's own CRDs. */
export async function startFlux(options: {
  state: StackState;
  kube: KubeRest;
  binaries: { fluxSource: string; fluxKustomize: string; fluxCrds: string };
  started: RecordStarted;
}): Promise<void> {
  const { state, kube, binaries, started } = options;
  const paths = stackPaths(state.dir);
  const { ports } = state;
  // Flux's CRDs replace our loose ones for its kinds: the controllers need every kind they watch.
  const crds = manifestFiles(binaries.fluxCrds).flatMap(readManifestFile);
  await forEachLimited(crds, 4, async crd => {
    await kube.apply(crd);
  });
  await forEachLimited(crds, 4, crd =>
    waitUntil(
      `CRD ${crd.metadata.name} Established`,
      async () => {
        const live = (await kube.get({
          apiVersion: crd.apiVersion,
          kind: crd.kind,
          name: crd.metadata.name,
        })) as
          | {
              status?: { conditions?: Array<{ type: string; status: string }> };
            }
          | undefined;
        return live?.status?.conditions?.some(
          c => c.type === 'Established' && c.status === 'True',
        )
          ? true
          : undefined;
      },
      { timeoutMs: 30_000, intervalMs: 100 },
    ).then(() => undefined),
  );
  kube.forgetDiscovery();

  if (!existsSync(paths.gitRepository)) {
    mkdirSync(dirname(paths.gitRepository), { recursive: true });
    await run('git', [
      'init',
      '--quiet',
      '--bare',
      `--initial-branch=${branch}`,
      paths.gitRepository,
    ]);
  }
  const server = started(
    'git',
    spawnDetached({
      command: process.execPath,
      args: [
        '--experimental-strip-types',
        '--disable-warning=ExperimentalWarning',
        '--disable-warning=MODULE_TYPELESS_PACKAGE_JSON',
        repoPaths.gitServerScript,
        dirname(paths.gitRepository),
        String(ports.git),
      ],
      logPath: paths.log('git'),
    }),
  );
  await waitUntil(
    'git server',
    async () => {
      try {
        await fetch(`http://127.0.0.1:${ports.git}/`);
        return true;
      } catch {
        return undefined;
      }
    },
    { timeoutMs: 15_000, intervalMs: 100, process: server },
  );

  const env = {
    KUBECONFIG: state.kubeconfigs!.admin,
    RUNTIME_NAMESPACE: fluxNamespace,
  };
  const common = [
    '--enable-leader-election=false',
    '--watch-all-namespaces=true',
    '--log-level=info',
  ];
  mkdirSync(paths.fluxStorage, { recursive: true });
  started(
    'source-controller',
    spawnDetached({
      command: binaries.fluxSource,
      args: [
        ...common,
        `--watch-label-selector=${stackSourceLabel}=true`,
        `--storage-path=${paths.fluxStorage}`,
        `--storage-addr=127.0.0.1:${ports.fluxStorage}`,
        `--storage-adv-addr=127.0.0.1:${ports.fluxStorage}`,
        `--metrics-addr=127.0.0.1:${ports.fluxSourceMetrics}`,
        `--health-addr=127.0.0.1:${ports.fluxSourceHealth}`,
      ],
      env,
      logPath: paths.log('source-controller'),
    }),
  );
  started(
    'kustomize-controller',
    spawnDetached({
      command: binaries.fluxKustomize,
      args: [
        ...common,
        '--no-remote-bases=true',
        '--concurrent=8',
        // A stack is small and its tests wait on dependencies: look again soon.
        '--requeue-dependency=2s',
        `--metrics-addr=127.0.0.1:${ports.fluxKustomizeMetrics}`,
        `--health-addr=127.0.0.1:${ports.fluxKustomizeHealth}`,
      ],
      env,
      logPath: paths.log('kustomize-controller'),
    }),
  );
}

interface FluxObject {
  metadata: {
    name: string;
    generation?: number;
    annotations?: Record<string, string>;
  };
  spec?: { suspend?: boolean; dependsOn?: Array<{ name: string }> };
  status?: {
    artifact?: { revision?: string };
    lastAttemptedRevision?: string;
    lastAppliedRevision?: string;
    lastHandledReconcileAt?: string;
    conditions?: Array<{
      type: string;
      status: string;
      reason?: string;
      message?: string;
    }>;
  };
}

const sourcePath = `/apis/source.toolkit.fluxcd.io/v1/namespaces/${fluxNamespace}/gitrepositories/${fluxNamespace}`;
const kustomizationsPath = `/apis/kustomize.toolkit.fluxcd.io/v1/namespaces/${fluxNamespace}/kustomizations`;

/** Asks source-controller and kustomize-controller to reconcile now (as `flux reconcile --with-source`). */
export async function requestReconcile(kube: KubeRest): Promise<string> {
  const token = new Date().toISOString();
  const patch = {
    metadata: { annotations: { 'reconcile.fluxcd.io/requestedAt': token } },
  };
  const merge = { contentType: 'application/merge-patch+json', body: patch };
  await kube.request('PATCH', sourcePath, merge);
  const { items } = await kube.request<{ items: FluxObject[] }>(
    'GET',
    kustomizationsPath,
  );
  await forEachLimited(items, 8, async k => {
    await kube.request(
      'PATCH',
      `${kustomizationsPath}/${k.metadata.name}`,
      merge,
    );
  });
  return token;
}

/**
 * Waits until source-controller has the revision and every Kustomization that is not suspended has
 * attempted it and come to a verdict (ready, or failed for a reason other than a dependency that is
 * not ready yet). Resolves with what is still reconciling when `timeoutMs` is over.
 */
export async function waitForFlux(
  kube: KubeRest,
  revision: string,
  timeoutMs = 60_000,
): Promise<string[]> {
  let pending: string[] = [];
  try {
    await waitUntil(
      `Flux at ${revision}`,
      async () => {
        const source = await kube.request<FluxObject>('GET', sourcePath);
        if (source.status?.artifact?.revision !== revision) {
          pending = [`GitRepository ${fluxNamespace} fetching ${revision}`];
          return undefined;
        }
        const { items } = await kube.request<{ items: FluxObject[] }>(
          'GET',
          kustomizationsPath,
        );
        pending = items
          .filter(k => !k.spec?.suspend)
          .filter(k => {
            const ready = k.status?.conditions?.find(c => c.type === 'Ready');
            return (
              k.status?.lastAttemptedRevision !== revision ||
              !ready ||
              ready.status === 'Unknown' ||
              ready.reason === 'DependencyNotReady'
            );
          })
          .map(k => `Kustomization ${k.metadata.name}`);
        return pending.length === 0 ? true : undefined;
      },
      { timeoutMs, intervalMs: 250 },
    );
    return [];
  } catch {
    return pending;
  }
}
