import { Config, readDurationFromConfig } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { HumanDuration } from '@backstage/types';
import { DEFAULT_MAX_CATALOG_BYTES } from '@platform-services/plugin-platform-services-common';
import { resolve as resolvePath } from 'node:path';

/** Where the catalog file comes from. */
export type CatalogLocation =
  | { kind: 'path'; path: string }
  | { kind: 'url'; url: string };

/** The plugin's configuration, read once at start. */
export interface PlatformServicesConfig {
  catalog: {
    location: CatalogLocation;
    refresh: HumanDuration;
    maxBytes: number;
    watch: boolean;
  };
}

const KEY = 'platformServices.catalog';

/**
 * Reads `platformServices` and fails fast with the config key in the message.
 */
export function readPlatformServicesConfig(
  config: Config,
  cwd: string = process.cwd(),
): PlatformServicesConfig {
  const catalog = config.getOptionalConfig(KEY);
  const path = catalog?.getOptionalString('path');
  const url = catalog?.getOptionalString('url');
  if (!path && !url) {
    throw new InputError(
      `Missing configuration: set ${KEY}.path (a local service-catalog.json) or ${KEY}.url (a URL the URL reader can read)`,
    );
  }
  if (path && url) {
    throw new InputError(
      `Invalid configuration at ${KEY}: expected one of path and url, got both`,
    );
  }
  const location: CatalogLocation = path
    ? { kind: 'path', path: resolvePath(cwd, path) }
    : { kind: 'url', url: url! };

  const refresh = readOptionalDuration(catalog, KEY, 'refresh', {
    fallback: { minutes: 5 },
    example: 'PT5M or { minutes: 5 }',
  });

  const maxBytes =
    catalog?.getOptionalNumber('maxBytes') ?? DEFAULT_MAX_CATALOG_BYTES;
  if (!Number.isInteger(maxBytes) || maxBytes <= 0) {
    throw new InputError(
      `Invalid configuration at ${KEY}.maxBytes: expected a positive whole number of bytes, got ${maxBytes}`,
    );
  }
  return {
    catalog: {
      location,
      refresh,
      maxBytes,
      watch: catalog?.getOptionalBoolean('watch') ?? true,
    },
  };
}

/**
 * Reads the duration at `key` of `config` (at `at` in the whole config), or
 * `fallback` when it is not set; a value that is not a duration fails with the
 * full key and an `example` of what is expected.
 */
export function readOptionalDuration(
  config: Config | undefined,
  at: string,
  key: string,
  options: { fallback: HumanDuration; example: string },
): HumanDuration {
  if (!config?.has(key)) return options.fallback;
  try {
    return readDurationFromConfig(config, { key });
  } catch (e) {
    throw new InputError(
      `Invalid configuration at ${at}.${key}: expected a duration such as ${
        options.example
      }; ${(e as Error).message}`,
    );
  }
}

/** The location as people write it, for messages and the status route. */
export function describeLocation(location: CatalogLocation): string {
  return location.kind === 'path' ? location.path : location.url;
}
