import Ajv2020, { ErrorObject } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { catalogJsonSchema } from './schema';
import { pointer } from './pointer';
import { slugify } from './slug';
import { CatalogFile, SUPPORTED_CATALOG_VERSION } from './types';

/**
 * One thing wrong with a catalog file: where (a JSON Pointer into the file,
 * `""` for the whole file) and what was expected there.
 *
 * @public
 */
export interface CatalogProblem {
  pointer: string;
  message: string;
  /**
   * `error`: the file is refused and the previously accepted one stays in
   * force. `warning`: the file is accepted and the problem is shown.
   */
  severity: 'error' | 'warning';
}

/** @public */
export type CatalogValidationResult =
  | { ok: true; catalog: CatalogFile; problems: CatalogProblem[] }
  | { ok: false; problems: CatalogProblem[] };

/** @public */
export interface ValidateCatalogTextOptions {
  /** Files larger than this are refused before parsing. Default 50 MB. */
  maxBytes?: number;
}

/** @public */
export const DEFAULT_MAX_CATALOG_BYTES = 50 * 1024 * 1024;

let compiled: ReturnType<Ajv2020['compile']> | undefined;

function schemaValidator() {
  if (!compiled) {
    const ajv = new Ajv2020({ allErrors: true, verbose: true, strict: true });
    addFormats(ajv, ['date-time', 'uri']);
    compiled = ajv.compile(catalogJsonSchema);
  }
  return compiled;
}

function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') {
    const shown = value.length > 60 ? `${value.slice(0, 57)}...` : value;
    return JSON.stringify(shown);
  }
  if (typeof value === 'object') return 'an object';
  return `${typeof value} ${String(value)}`;
}

function schemaProblem(e: ErrorObject): CatalogProblem {
  const expected =
    (e.parentSchema as { description?: string } | undefined)?.description ??
    e.message ??
    'a valid value';
  switch (e.keyword) {
    case 'required': {
      const missing = (e.params as { missingProperty: string }).missingProperty;
      const propSchema = (
        e.parentSchema as {
          properties?: Record<string, { description?: string }>;
        }
      )?.properties?.[missing];
      const what = propSchema?.description
        ? `: expected ${propSchema.description}`
        : '';
      return {
        pointer: `${e.instancePath}${pointer(missing)}`,
        message: `is required but missing${what}`,
        severity: 'error',
      };
    }
    case 'minItems':
    case 'minLength':
      return {
        pointer: e.instancePath,
        message: `expected ${expected}, got ${
          e.keyword === 'minLength' ? 'an empty string' : 'an empty array'
        }`,
        severity: 'error',
      };
    default:
      return {
        pointer: e.instancePath,
        message: `expected ${expected}, got ${describeValue(e.data)}`,
        severity: 'error',
      };
  }
}

/**
 * Checks a parsed `service-catalog.json` against the format: first the
 * version, then the JSON Schema, then the rules that need the whole file.
 * Errors refuse the file; warnings (unknown dependencies, cycles) leave it
 * usable.
 *
 * @public
 */
export function validateCatalog(input: unknown): CatalogValidationResult {
  const version = (input as { catalogVersion?: unknown } | null)
    ?.catalogVersion;
  if (
    typeof input === 'object' &&
    input !== null &&
    !Array.isArray(input) &&
    typeof version === 'number' &&
    version !== SUPPORTED_CATALOG_VERSION
  ) {
    return {
      ok: false,
      problems: [
        {
          pointer: '/catalogVersion',
          message:
            version > SUPPORTED_CATALOG_VERSION
              ? `expected catalogVersion ${SUPPORTED_CATALOG_VERSION}, got ${version}: this file is newer than this plugin understands; upgrade the plugin`
              : `expected catalogVersion ${SUPPORTED_CATALOG_VERSION}, got ${version}`,
          severity: 'error',
        },
      ],
    };
  }

  const validate = schemaValidator();
  if (!validate(input)) {
    const seen = new Set<string>();
    const problems: CatalogProblem[] = [];
    for (const e of validate.errors ?? []) {
      // The if/then of HelmRelease repeats its inner error; keep the inner one.
      if (e.keyword === 'if') continue;
      const p = schemaProblem(e);
      const key = `${p.pointer}\u0000${p.message}`;
      if (!seen.has(key)) {
        seen.add(key);
        problems.push(p);
      }
    }
    return { ok: false, problems };
  }

  const catalog = input as CatalogFile;
  const problems = checkCatalogRules(catalog);
  if (problems.some(p => p.severity === 'error')) {
    return { ok: false, problems };
  }
  return { ok: true, catalog, problems };
}

/**
 * Parses and validates the text of a catalog file.
 *
 * @public
 */
export function validateCatalogText(
  text: string,
  options: ValidateCatalogTextOptions = {},
): CatalogValidationResult {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_CATALOG_BYTES;
  const size = Buffer.byteLength(text, 'utf8');
  if (size > maxBytes) {
    return {
      ok: false,
      problems: [
        {
          pointer: '',
          message: `expected a file of at most ${maxBytes} bytes, got ${size} bytes (raise platformServices.catalog.maxBytes to accept it)`,
          severity: 'error',
        },
      ],
    };
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    return {
      ok: false,
      problems: [
        {
          pointer: '',
          message: `expected JSON: ${(e as Error).message}`,
          severity: 'error',
        },
      ],
    };
  }
  return validateCatalog(parsed);
}

/**
 * The rules beyond types, over a file that matches the schema.
 *
 * @public
 */
export function checkCatalogRules(catalog: CatalogFile): CatalogProblem[] {
  const problems: CatalogProblem[] = [];
  const error = (p: string, message: string) =>
    problems.push({ pointer: p, message, severity: 'error' });
  const warning = (p: string, message: string) =>
    problems.push({ pointer: p, message, severity: 'warning' });

  const envNames = new Map<string, number>();
  catalog.environments.forEach((env, i) => {
    const first = envNames.get(env.name);
    if (first !== undefined) {
      error(
        pointer('environments', i, 'name'),
        `expected a unique environment name, but "${
          env.name
        }" is already used at ${pointer('environments', first, 'name')}`,
      );
    } else {
      envNames.set(env.name, i);
    }
  });
  const envList = [...envNames.keys()].join(', ');

  const serviceIndex = new Map<string, number>();
  catalog.services.forEach((service, i) => {
    const first = serviceIndex.get(service.name);
    if (first !== undefined) {
      error(
        pointer('services', i, 'name'),
        `expected a unique service name, but "${
          service.name
        }" is already used at ${pointer('services', first, 'name')}`,
      );
    } else {
      serviceIndex.set(service.name, i);
    }
  });

  catalog.services.forEach((service, i) => {
    (service.dependsOn ?? []).forEach((dep, j) => {
      if (!serviceIndex.has(dep.service)) {
        warning(
          pointer('services', i, 'dependsOn', j, 'service'),
          `expected the name of a service in this file, got "${dep.service}"`,
        );
      }
    });

    const params = new Map<string, number>();
    (service.configuration?.parameters ?? []).forEach((param, j) => {
      const first = params.get(param.name);
      if (first !== undefined) {
        error(
          pointer('services', i, 'configuration', 'parameters', j, 'name'),
          `expected a unique parameter name, but "${
            param.name
          }" is already used at ${pointer(
            'services',
            i,
            'configuration',
            'parameters',
            first,
            'name',
          )}`,
        );
      } else {
        params.set(param.name, j);
      }
      for (const key of Object.keys(param.values)) {
        if (!envNames.has(key)) {
          error(
            pointer(
              'services',
              i,
              'configuration',
              'parameters',
              j,
              'values',
              key,
            ),
            `expected a declared environment (${envList}), got "${key}"`,
          );
        }
      }
      if (param.live?.object === 'helmRelease' && !service.flux.helmRelease) {
        error(
          pointer(
            'services',
            i,
            'configuration',
            'parameters',
            j,
            'live',
            'object',
          ),
          `expected "kustomization": the service declares no flux.helmRelease`,
        );
      }
    });

    const runbookIds = new Map<string, number>();
    (service.runbooks ?? []).forEach((runbook, j) => {
      const id = runbook.id ?? slugify(runbook.title);
      const first = runbookIds.get(id);
      if (first !== undefined) {
        const field = runbook.id === undefined ? 'title' : 'id';
        error(
          pointer('services', i, 'runbooks', j, field),
          `expected a runbook id unique within the service, but "${id}"${
            field === 'title' ? ' (derived from the title)' : ''
          } is already used by ${pointer('services', i, 'runbooks', first)}`,
        );
      } else {
        runbookIds.set(id, j);
      }
    });
  });

  for (const cycle of findDependencyCycles(catalog)) {
    warning(
      pointer(
        'services',
        cycle.serviceIndex,
        'dependsOn',
        cycle.dependencyIndex,
        'service',
      ),
      `dependency cycle: ${cycle.path.join(' -> ')}`,
    );
  }
  return problems;
}

/** @public */
export interface DependencyCycle {
  /** The services in order, the first repeated at the end: `a -> b -> a`. */
  path: string[];
  /** The service and the dependsOn entry that closes the cycle. */
  serviceIndex: number;
  dependencyIndex: number;
}

/**
 * Finds dependency cycles with one depth-first walk: each back edge gives one
 * cycle, reported as the full path, so every cycle in the graph is covered by
 * at least one report without enumerating all of them.
 *
 * @public
 */
export function findDependencyCycles(catalog: CatalogFile): DependencyCycle[] {
  const index = new Map<string, number>();
  catalog.services.forEach((s, i) => {
    if (!index.has(s.name)) index.set(s.name, i);
  });
  const state = new Uint8Array(catalog.services.length); // 0 new, 1 on stack, 2 done
  const cycles: DependencyCycle[] = [];
  const stack: number[] = [];

  for (let root = 0; root < catalog.services.length; root++) {
    if (state[root] !== 0) continue;
    // Iterative DFS: frames of [service, next dependency to look at].
    const frames: Array<[number, number]> = [[root, 0]];
    state[root] = 1;
    stack.push(root);
    while (frames.length > 0) {
      const frame = frames[frames.length - 1];
      const [node, next] = frame;
      const deps = catalog.services[node].dependsOn ?? [];
      if (next >= deps.length) {
        frames.pop();
        stack.pop();
        state[node] = 2;
        continue;
      }
      frame[1] = next + 1;
      const target = index.get(deps[next].service);
      if (target === undefined) continue;
      if (state[target] === 1) {
        const from = stack.lastIndexOf(target);
        const path = stack.slice(from).map(i => catalog.services[i].name);
        path.push(catalog.services[target].name);
        cycles.push({ path, serviceIndex: node, dependencyIndex: next });
      } else if (state[target] === 0) {
        state[target] = 1;
        stack.push(target);
        frames.push([target, 0]);
      }
    }
  }
  return cycles;
}
