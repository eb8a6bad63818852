/*
 * The demo worker process of the local stack: polls the demo task queue and runs demoWorkflows.ts.
 * Started detached by temporalDemo.ts (`node --experimental-strip-types demoWorker.ts HOST:PORT`);
 * SIGTERM or SIGINT shut it down gracefully (the SDK's runtime handles both).
 */
import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  readFileSync,
  renameSync,
  writeFileSync,
} from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import {
  bundleWorkflowCode,
  NativeConnection,
  Worker,
} from '@temporalio/worker';
import { repoPaths } from './layout.ts';
import {
  demoNamespace,
  demoTaskQueue,
  demoWorkerIdentity,
} from './temporalDemo.ts';

/**
 * The workflow bundle, built with webpack on first use and cached by content (it takes 1 to 4 s of
 * the worker's start otherwise), next to the server binaries.
 */
async function workflowBundlePath(): Promise<string> {
  const sdkVersion = JSON.parse(
    readFileSync(join(import.meta.dirname, '..', 'package.json'), 'utf8'),
  ).dependencies['@temporalio/worker'];
  const hash = createHash('sha256')
    .update(readFileSync(repoPaths.demoWorkflows))
    .update(sdkVersion)
    .digest('hex')
    .slice(0, 16);
  const cacheDir = join(
    process.env.PLATFORM_SERVICES_CACHE ??
      join(homedir(), '.cache', 'platform-services'),
    'workflow-bundles',
  );
  const path = join(cacheDir, `demo-workflows-${hash}.js`);
  if (!existsSync(path)) {
    const { code } = await bundleWorkflowCode({
      workflowsPath: repoPaths.demoWorkflows,
    });
    mkdirSync(cacheDir, { recursive: true });
    const temporary = `${path}.${process.pid}.tmp`;
    writeFileSync(temporary, code);
    renameSync(temporary, path);
  }
  return path;
}

async function main(address: string | undefined) {
  if (!address) {
    throw new Error('usage: demoWorker.ts HOST:PORT');
  }
  const [codePath, connection] = await Promise.all([
    workflowBundlePath(),
    NativeConnection.connect({ address }),
  ]);
  try {
    const worker = await Worker.create({
      connection,
      namespace: demoNamespace,
      taskQueue: demoTaskQueue,
      workflowBundle: { codePath },
      // The stack waits for a poller with this identity to know that this very process polls.
      identity: demoWorkerIdentity(process.pid),
    });
    await worker.run();
  } finally {
    await connection.close();
  }
}

main(process.argv[2]).catch(error => {
  // eslint-disable-next-line no-console
  console.error(error);
  process.exit(1);
});
