import { Config, readDurationFromConfig } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { durationToMilliseconds } from '@backstage/types';
import { resolve as resolvePath } from 'node:path';
import { parseRetention } from './retention';

/**
 * TLS to the frontend (`tls: true` or an object); absent fields use the
 * system defaults. An `apiKey` turns TLS on by itself.
 */
export interface TemporalTlsConfig {
  /** CA bundle that signs the server certificate (PEM). */
  caFile?: string;
  /** Client certificate for mutual TLS (PEM); needs `keyFile`. */
  certFile?: string;
  keyFile?: string;
  /** Overrides the name checked against the server certificate. */
  serverName?: string;
}

/** A namespace to probe. */
export interface TemporalNamespaceConfig {
  name: string;
  /** The declared retention as written, e.g. `72h` or `3d`. */
  retention?: string;
  /** Task queues to describe; absent: found on recent workflows. */
  taskQueues?: string[];
}

/** One Temporal server the backend probes, for one catalog environment. */
export interface TemporalServerConfig {
  environment: string;
  /** The catalog service it belongs to. Default `temporal`. */
  service: string;
  /** The frontend's gRPC host:port. */
  address: string;
  tls?: TemporalTlsConfig;
  apiKey?: string;
  namespaces: TemporalNamespaceConfig[];
  /** Base URL of the Temporal Web UI, for links. */
  webUiUrl?: string;
  /** Bound on each call to the server. Default 3 s. */
  deadlineMs: number;
  /** Time between two probes. Default 15 s. */
  refreshMs: number;
}

const KEY = 'platformServices.temporal';
const DEFAULT_DEADLINE_MS = 3_000;
const DEFAULT_REFRESH_MS = 15_000;
const ADDRESS_PATTERN = /^(?:\[[0-9a-fA-F:.]+\]|[^\s:/[\]]+):\d{1,5}$/;

function invalid(at: string, expectation: string): InputError {
  return new InputError(`Invalid configuration at ${at}: ${expectation}`);
}

function readMilliseconds(
  entry: Config,
  key: string,
  at: string,
  fallback: number,
): number {
  if (!entry.has(key)) return fallback;
  let ms: number;
  try {
    ms = durationToMilliseconds(readDurationFromConfig(entry, { key }));
  } catch (e) {
    throw invalid(
      `${at}.${key}`,
      `expected a duration such as 3s, PT3S or { seconds: 3 }; ${
        (e as Error).message
      }`,
    );
  }
  if (!(ms > 0)) throw invalid(`${at}.${key}`, `expected a positive duration`);
  return ms;
}

function readTaskQueues(entry: Config, at: string): string[] | undefined {
  const queues = entry.getOptionalStringArray('taskQueues');
  queues?.forEach((queue, i) => {
    if (!queue.trim()) {
      throw invalid(`${at}.taskQueues[${i}]`, 'expected a task queue name');
    }
  });
  return queues;
}

function readNamespaces(
  entry: Config,
  at: string,
  taskQueues: string[] | undefined,
): TemporalNamespaceConfig[] {
  const configs = entry.getOptionalConfigArray('namespaces');
  if (!configs)
    return [{ name: 'default', ...(taskQueues ? { taskQueues } : {}) }];
  if (configs.length === 0) {
    throw invalid(
      `${at}.namespaces`,
      'expected at least one namespace, or leave it out for "default"',
    );
  }
  const seen = new Set<string>();
  return configs.map((ns, j) => {
    const nsAt = `${at}.namespaces[${j}]`;
    const name = ns.getString('name');
    if (seen.has(name)) {
      throw invalid(`${nsAt}.name`, `the namespace "${name}" is listed twice`);
    }
    seen.add(name);
    const retention = ns.getOptionalString('retention');
    if (retention !== undefined && parseRetention(retention) === undefined) {
      throw invalid(
        `${nsAt}.retention`,
        `expected a duration in days, hours, minutes or seconds such as 72h or 3d, got "${retention}"`,
      );
    }
    const queues = readTaskQueues(ns, nsAt) ?? taskQueues;
    return {
      name,
      ...(retention !== undefined ? { retention } : {}),
      ...(queues ? { taskQueues: queues } : {}),
    };
  });
}

function readTls(
  entry: Config,
  at: string,
  cwd: string,
): TemporalTlsConfig | undefined {
  const value = entry.getOptional('tls');
  if (value === undefined || value === false) return undefined;
  if (value === true) return {};
  const tls = entry.getConfig('tls');
  const file = (key: string) => {
    const path = tls.getOptionalString(key);
    return path === undefined ? {} : { [key]: resolvePath(cwd, path) };
  };
  const result: TemporalTlsConfig = {
    ...file('caFile'),
    ...file('certFile'),
    ...file('keyFile'),
    ...(tls.has('serverName')
      ? { serverName: tls.getString('serverName') }
      : {}),
  };
  if (Boolean(result.certFile) !== Boolean(result.keyFile)) {
    throw invalid(
      `${at}.tls`,
      'expected both certFile and keyFile for mutual TLS, or neither',
    );
  }
  return result;
}

/**
 * Reads `platformServices.temporal[]`: the Temporal servers to probe, one per
 * catalog environment and service. Throws at start-up with the config key in
 * the message.
 */
export function readTemporalConfig(
  config: Config,
  cwd: string = process.cwd(),
): TemporalServerConfig[] {
  const entries = config.getOptionalConfigArray(KEY) ?? [];
  const targets = new Set<string>();
  return entries.map((entry, i) => {
    const at = `${KEY}[${i}]`;
    const environment = entry.getString('environment');
    const service = entry.getOptionalString('service') ?? 'temporal';
    if (targets.has(`${service}\n${environment}`)) {
      throw invalid(
        at,
        `the service "${service}" in environment "${environment}" is configured twice`,
      );
    }
    targets.add(`${service}\n${environment}`);

    const address = entry.getString('address');
    if (!ADDRESS_PATTERN.test(address)) {
      throw invalid(`${at}.address`, `expected host:port, got "${address}"`);
    }
    const apiKey = entry.getOptionalString('apiKey');
    if (apiKey !== undefined && !apiKey) {
      throw invalid(
        `${at}.apiKey`,
        'expected a non-empty API key, or leave it out',
      );
    }
    const webUiUrl = entry.getOptionalString('webUiUrl');
    if (webUiUrl !== undefined) {
      let protocol = '';
      try {
        protocol = new URL(webUiUrl).protocol;
      } catch {
        // reported below
      }
      if (protocol !== 'http:' && protocol !== 'https:') {
        throw invalid(
          `${at}.webUiUrl`,
          `expected an http(s) URL, got "${webUiUrl}"`,
        );
      }
    }
    const tls = readTls(entry, at, cwd);
    const namespaces = readNamespaces(entry, at, readTaskQueues(entry, at));
    return {
      environment,
      service,
      address,
      ...(tls ? { tls } : {}),
      ...(apiKey ? { apiKey } : {}),
      namespaces,
      ...(webUiUrl ? { webUiUrl: webUiUrl.replace(/\/+$/, '') } : {}),
      deadlineMs: readMilliseconds(entry, 'deadline', at, DEFAULT_DEADLINE_MS),
      refreshMs: readMilliseconds(entry, 'refresh', at, DEFAULT_REFRESH_MS),
    };
  });
}
