import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { resolve as resolvePath } from 'node:path';

/** How the backend reaches one cluster. Credentials come only from config. */
export type ClusterConnection =
  | { kind: 'kubeconfig'; path: string; context?: string }
  | { kind: 'in-cluster' }
  | {
      kind: 'url';
      url: string;
      caData?: string;
      caFile?: string;
      token?: string;
      tokenFile?: string;
      skipTLSVerify: boolean;
    };

/** One configured cluster and the catalog environment it serves. */
export interface ClusterConfig {
  name: string;
  environment: string;
  connection: ClusterConnection;
}

const KEY = 'platformServices.clusters';

/**
 * Reads `platformServices.clusters[]`. Each entry has a `name`, the
 * `environment` it serves, and exactly one of `kubeconfig`, `inCluster` and
 * `url`. Errors name the key.
 */
export function readClustersConfig(
  config: Config,
  cwd: string = process.cwd(),
): ClusterConfig[] {
  const entries = config.getOptionalConfigArray(KEY) ?? [];
  const names = new Set<string>();
  return entries.map((entry, i) => {
    const at = `${KEY}[${i}]`;
    const name = entry.getString('name');
    if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(name)) {
      throw new InputError(`Invalid configuration at ${at}.name: expected a DNS-1123 label, got "${name}"`);
    }
    if (names.has(name)) {
      throw new InputError(`Invalid configuration at ${at}.name: the cluster name "${name}" is used twice`);
    }
    names.add(name);
    const environment = entry.getString('environment');
    const ways = ['kubeconfig', 'inCluster', 'url'].filter(k => entry.has(k));
    if (ways.length !== 1) {
      throw new InputError(
        `Invalid configuration at ${at}: expected exactly one of kubeconfig, inCluster and url, got ${ways.length ? ways.join(' and ') : 'none'}`,
      );
    }
    let connection: ClusterConnection;
    if (entry.has('kubeconfig')) {
      const kc = entry.getConfig('kubeconfig');
      connection = {
        kind: 'kubeconfig',
        path: resolvePath(cwd, kc.getString('path')),
        ...(kc.has('context') ? { context: kc.getString('context') } : {}),
      };
    } else if (entry.has('inCluster')) {
      if (!entry.getBoolean('inCluster')) {
        throw new InputError(`Invalid configuration at ${at}.inCluster: expected true, or leave it out`);
      }
      connection = { kind: 'in-cluster' };
    } else {
      const url = entry.getString('url');
      if (!URL.canParse(url)) {
        throw new InputError(`Invalid configuration at ${at}.url: expected an https URL, got "${url}"`);
      }
      connection = {
        kind: 'url',
        url,
        caData: entry.getOptionalString('caData'),
        caFile: entry.getOptionalString('caFile')
          ? resolvePath(cwd, entry.getString('caFile'))
          : undefined,
        token: entry.getOptionalString('token'),
        tokenFile: entry.getOptionalString('tokenFile')
          ? resolvePath(cwd, entry.getString('tokenFile'))
          : undefined,
        skipTLSVerify: entry.getOptionalBoolean('skipTLSVerify') ?? false,
      };
    }
    return { name, environment, connection };
  });
}
