import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { apiGroupOf, KubeObject } from '../objects';

/** `examples/cluster` at the root of the repository. */
export const CLUSTER_EXAMPLES = resolvePackagePath(
  '@platform-services/plugin-platform-services-backend',
  '../../examples/cluster',
);

/** The `scenario.yaml` document of a scenario (see examples/cluster/README.md). */
export interface ScenarioDefinition {
  description: string;
  temporal?: { worker: 'running' | 'stopped'; startWorkflows?: number };
  remove?: Array<{
    apiVersion?: string;
    kind: string;
    namespace?: string;
    name: string;
  }>;
}

/** A scenario applied to the base cluster. */
export interface LoadedScenario {
  name: string;
  definition: ScenarioDefinition;
  /** The resulting cluster, base order first, added objects last. */
  objects: KubeObject[];
}

/** The identity an overlay object replaces by: API group, kind, namespace, name. */
export function objectIdentity(o: {
  apiVersion?: string;
  kind?: string;
  metadata?: { namespace?: string; name?: string };
}): string {
  return [
    apiGroupOf(o.apiVersion),
    o.kind,
    o.metadata?.namespace ?? '',
    o.metadata?.name,
  ].join('/');
}

/** Every YAML document of a file, empty documents skipped. */
export function readYamlObjects(file: string): KubeObject[] {
  const docs = parseAllDocuments(readFileSync(file, 'utf8'));
  return docs.flatMap(doc => {
    if (doc.errors.length > 0)
      throw new Error(`${file}: ${doc.errors.map(e => e.message).join('; ')}`);
    const value = doc.toJS();
    if (value === null || value === undefined) return [];
    if (!value.apiVersion || !value.kind || !value.metadata?.name)
      throw new Error(
        `${file}: expected apiVersion, kind and metadata.name in every document`,
      );
    return [value as KubeObject];
  });
}

const yamlFiles = (dir: string) =>
  readdirSync(dir)
    .filter(f => f.endsWith('.yaml') && f !== 'scenario.yaml')
    .sort()
    .map(f => join(dir, f));

/** The scenario directories next to `base/`. */
export function listScenarios(root = CLUSTER_EXAMPLES): string[] {
  return readdirSync(root, { withFileTypes: true })
    .filter(d => d.isDirectory() && d.name !== 'base')
    .map(d => d.name)
    .sort();
}

function readDefinition(dir: string): ScenarioDefinition {
  const [doc] = parseAllDocuments(
    readFileSync(join(dir, 'scenario.yaml'), 'utf8'),
  );
  const def = doc?.toJS() as ScenarioDefinition | undefined;
  if (!def || typeof def.description !== 'string')
    throw new Error(`${dir}/scenario.yaml: expected a description`);
  const worker = def.temporal?.worker;
  if (def.temporal && worker !== 'running' && worker !== 'stopped')
    throw new Error(
      `${dir}/scenario.yaml: expected temporal.worker running or stopped`,
    );
  return def;
}

/**
 * Loads `base/*.yaml` and applies a scenario: its other `*.yaml` files
 * replace the base object with the same API group, kind, namespace and name,
 * or are added; `remove` entries delete base objects (and must exist).
 */
export function loadScenario(
  name: string,
  root = CLUSTER_EXAMPLES,
): LoadedScenario {
  const dir = join(root, name);
  const definition = readDefinition(dir);
  const objects = new Map<string, KubeObject>();
  for (const o of yamlFiles(join(root, 'base')).flatMap(readYamlObjects)) {
    const id = objectIdentity(o);
    if (objects.has(id)) throw new Error(`base: ${id} is defined twice`);
    objects.set(id, o);
  }
  for (const r of definition.remove ?? []) {
    const matches = [...objects.entries()].filter(
      ([, o]) =>
        o.kind === r.kind &&
        (r.apiVersion === undefined ||
          apiGroupOf(o.apiVersion) === apiGroupOf(r.apiVersion)) &&
        (o.metadata.namespace ?? '') === (r.namespace ?? '') &&
        o.metadata.name === r.name,
    );
    if (matches.length !== 1)
      throw new Error(
        `${name}: remove ${r.kind} ${r.namespace ?? ''}/${r.name} matches ${
          matches.length
        } base objects`,
      );
    objects.delete(matches[0][0]);
  }
  for (const o of yamlFiles(dir).flatMap(readYamlObjects))
    objects.set(objectIdentity(o), o);
  return { name, definition, objects: [...objects.values()] };
}
