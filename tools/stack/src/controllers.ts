/*
 * The controllers that make the stack's cluster act: kube-controller-manager (Deployments make
 * ReplicaSets and Pods, Jobs run, the garbage collector cascades, Endpoints follow ready pods),
 * kube-scheduler, and kwok, which plays the kubelet of a few simulated nodes (tools/stack/kwok).
 * All three are subcommands of the kapi binary and talk to the API server as the admin.
 */
import { writeFileSync } from 'node:fs';
import { repoPaths, stackPaths } from './layout.ts';
import { forEachLimited, type KubeObject, type KubeRest } from './kube.ts';
import { spawnDetached, waitUntil } from './processes.ts';
import type { RecordStarted } from './servers.ts';
import type { StackState } from './state.ts';

/** The simulated nodes: enough room for the example cluster, too little for a 96Gi request. */
export const simulatedNodes = ['kwok-node-1', 'kwok-node-2', 'kwok-node-3'];
export const nodeCapacity = { cpu: '32', memory: '64Gi', pods: '110' };

/** The label kwok is told to manage nodes by. */
const kwokNodeLabel = 'type=kwok';

function nodeObject(name: string): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name,
      labels: {
        type: 'kwok',
        'kubernetes.io/hostname': name,
        'kubernetes.io/os': 'linux',
        'kubernetes.io/arch': 'amd64',
      },
      annotations: { 'kwok.x-k8s.io/node': 'fake' },
    },
    spec: {},
    status: { allocatable: nodeCapacity, capacity: nodeCapacity },
  };
}

interface NodeList {
  items: Array<{
    metadata: { name: string };
    status?: { conditions?: Array<{ type: string; status: string }> };
  }>;
}

/** Creates the simulated nodes (status included: a Node keeps the status it is created with). */
async function createNodes(kube: KubeRest): Promise<void> {
  await forEachLimited(simulatedNodes, 3, async name => {
    await kube.request('POST', '/api/v1/nodes', { body: nodeObject(name) });
  });
}

/**
 * Starts kube-controller-manager, kube-scheduler and kwok, creates the simulated nodes and waits
 * until kwok reports them Ready.
 */
export async function startControllers(options: {
  state: StackState;
  kapi: string;
  kube: KubeRest;
  caPem: string;
  started: RecordStarted;
}): Promise<void> {
  const { state, kapi, kube, started } = options;
  const paths = stackPaths(state.dir);
  const kubeconfig = state.kubeconfigs!.admin;
  writeFileSync(paths.caFile, options.caPem);

  started(
    'controller-manager',
    spawnDetached({
      command: kapi,
      args: [
        'controller-manager',
        `--kubeconfig=${kubeconfig}`,
        '--leader-elect=false',
        '--secure-port=0',
        `--service-account-private-key-file=${paths.serviceAccountKey}`,
        `--root-ca-file=${paths.caFile}`,
        '--use-service-account-credentials=false',
        // Quick reactions: a stack is small, its tests wait on the controllers.
        '--concurrent-deployment-syncs=5',
        '--concurrent-replicaset-syncs=5',
        '--v=1',
      ],
      logPath: paths.log('controller-manager'),
    }),
  );
  started(
    'scheduler',
    spawnDetached({
      command: kapi,
      args: [
        'scheduler',
        `--kubeconfig=${kubeconfig}`,
        '--leader-elect=false',
        '--secure-port=0',
        '--v=1',
      ],
      logPath: paths.log('scheduler'),
    }),
  );
  await createNodes(kube);
  const kwok = started(
    'kwok',
    spawnDetached({
      command: kapi,
      args: [
        'kwok',
        `--kubeconfig=${kubeconfig}`,
        `--config=${repoPaths.kwokStages}`,
        '--manage-all-nodes=false',
        `--manage-nodes-with-label-selector=${kwokNodeLabel}`,
        // Node and pod addresses are names only: nothing ever connects to them.
        '--node-ip=127.0.0.1',
        '--cidr=10.244.0.0/16',
        '--node-lease-duration-seconds=40',
        `--server-address=127.0.0.1:${state.ports.kwok}`,
      ],
      logPath: paths.log('kwok'),
    }),
  );
  await waitUntil(
    'kwok: simulated nodes Ready',
    async () => {
      const nodes = await kube.request<NodeList>(
        'GET',
        `/api/v1/nodes?labelSelector=${encodeURIComponent(kwokNodeLabel)}`,
      );
      const ready = nodes.items.filter(node =>
        node.status?.conditions?.some(
          c => c.type === 'Ready' && c.status === 'True',
        ),
      );
      return ready.length === simulatedNodes.length ? true : undefined;
    },
    { timeoutMs: 60_000, intervalMs: 200, process: kwok },
  );
}
