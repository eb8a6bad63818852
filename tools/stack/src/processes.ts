/*
 * The stack's server processes: each runs detached in its own process group (so a stop can kill it
 * and anything it started, and Ctrl-C in the terminal does not reach it), with stdout and stderr in a
 * log file. Liveness is checked by pid, so another process (`yarn stack down`) can stop them.
 */
import { spawn } from 'node:child_process';
import {
  closeSync,
  existsSync,
  openSync,
  readFileSync,
  readdirSync,
} from 'node:fs';
import { createServer } from 'node:net';

/** A started process, as recorded in state.json. */
export interface ProcessRecord {
  pid: number;
  command: string[];
  logPath: string;
  startedAt: string;
}

/** Asks the kernel for a free TCP port on the loopback address. */
export async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}

/** Starts `command` detached, in its own process group, appending its output to `logPath`. */
export function spawnDetached(options: {
  command: string;
  args: string[];
  logPath: string;
  env?: Record<string, string>;
  cwd?: string;
}): ProcessRecord {
  const log = openSync(options.logPath, 'a');
  try {
    const child = spawn(options.command, options.args, {
      detached: true,
      stdio: ['ignore', log, log],
      env: { ...process.env, ...options.env },
      cwd: options.cwd,
    });
    if (child.pid === undefined) {
      throw new Error(`could not start ${options.command}`);
    }
    // The child's exit must not keep a caller (the CLI, a test) running, nor turn into a zombie:
    // Node reaps it as long as this process lives; after that, init does.
    child.on('error', () => {});
    child.unref();
    return {
      pid: child.pid,
      command: [options.command, ...options.args],
      logPath: options.logPath,
      startedAt: new Date().toISOString(),
    };
  } finally {
    closeSync(log);
  }
}

/** Whether a process with this pid runs (a zombie, exited but not yet reaped, counts as dead). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
  const stat = `/proc/${pid}/stat`;
  if (existsSync(stat)) {
    // Field 3 is the state; the command (field 2) is in parentheses and may contain spaces.
    const content = readFileSync(stat, 'utf8');
    const state = content.slice(content.lastIndexOf(')') + 2).split(' ')[0];
    return state !== 'Z' && state !== 'X';
  }
  return true;
}

/** Whether any member of the process group `pgid` is alive (zombies do not count). */
function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
  } catch {
    return false;
  }
  // Without /proc zombies cannot be told apart: trust kill(-pgid, 0).
  if (!existsSync('/proc')) return true;
  return readdirSync('/proc')
    .filter(name => /^\d+$/.test(name))
    .some(pid => {
      try {
        const content = readFileSync(`/proc/${pid}/stat`, 'utf8');
        const [state, , group] = content
          .slice(content.lastIndexOf(')') + 2)
          .split(' ');
        return Number(group) === pgid && state !== 'Z' && state !== 'X';
      } catch {
        return false; // exited while we looked
      }
    });
}

function sleep(ms: number) {
  return new Promise<void>(resolveSleep => setTimeout(resolveSleep, ms));
}

/**
 * Stops the process group led by `pid`: SIGTERM, then SIGKILL after `graceMs`; resolves once no
 * member is alive. A group that is already gone is fine.
 */
export async function killProcessGroup(
  pid: number,
  graceMs = 10_000,
): Promise<void> {
  const signal = (sig: NodeJS.Signals) => {
    try {
      process.kill(-pid, sig);
    } catch {
      // Already gone.
    }
  };
  if (!groupAlive(pid)) return;
  signal('SIGTERM');
  const deadline = Date.now() + graceMs;
  while (groupAlive(pid)) {
    if (Date.now() > deadline) {
      signal('SIGKILL');
      await sleep(100);
      if (Date.now() > deadline + 5_000) {
        throw new Error(`process group ${pid} survives SIGKILL`);
      }
    }
    await sleep(50);
  }
}

/** The last `lines` lines of a log file. */
export function tailLog(logPath: string, lines = 20): string {
  const content = existsSync(logPath)
    ? readFileSync(logPath, 'utf8').trimEnd()
    : '';
  if (!content) return '(empty)';
  return content.split('\n').slice(-lines).join('\n');
}

/**
 * Polls `probe` until it returns a value other than undefined. Fails after `timeoutMs`, or as soon as
 * the watched process dies, with the end of its log in the message.
 */
export async function waitUntil<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  options: { timeoutMs: number; intervalMs?: number; process?: ProcessRecord },
): Promise<T> {
  const deadline = Date.now() + options.timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      lastError = error;
    }
    const watched = options.process;
    const logEnd = () =>
      watched
        ? `; end of ${watched.logPath}:\n${tailLog(watched.logPath)}`
        : '';
    if (watched && !isAlive(watched.pid)) {
      throw new Error(
        `${what}: the process (pid ${watched.pid}) exited${logEnd()}`,
      );
    }
    if (Date.now() > deadline) {
      const cause = lastError ? ` (last error: ${String(lastError)})` : '';
      throw new Error(
        `${what}: not ready after ${options.timeoutMs} ms${cause}${logEnd()}`,
      );
    }
    await sleep(options.intervalMs ?? 200);
  }
}
