/*
 * The example cluster scenarios (examples/cluster, format in its README.md): `base/` holds the
 * healthy cluster; every other folder with a scenario.yaml is a scenario. Its scenario.yaml says what
 * it is, what the Temporal side does, and which base objects it removes; its other YAML files hold
 * objects that replace the base objects of the same identity (API group, kind, namespace, name) whole,
 * or add to them. Writing them to the API server is scenarioObjects.ts.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describeRef, refOf, type KubeObject } from './kube.ts';
import { repoPaths } from './layout.ts';
import { manifestFiles, readManifestFile } from './manifests.ts';

/** What a scenario asks of the Temporal side of the stack (scenario.yaml `temporal:`). */
export interface TemporalScenario {
  /** Whether the demo worker polls the task queue. */
  worker: 'running' | 'stopped';
  /** How many extra workflows to start on the demo task queue when the scenario is applied. */
  startWorkflows: number;
}

/** A base object a scenario removes (scenario.yaml `remove:`); no apiVersion matches any group. */
export interface RemovedObject {
  apiVersion?: string;
  kind: string;
  name: string;
  namespace?: string;
}

/**
 * A fault the reconciling stack puts on running pods (scenario.yaml `faults:`): the pods of
 * `namespace` that match `selector` (a label selector, as kubectl takes it) take the kwok stages
 * named in `stages` (tools/stack/kwok/stages.yaml), one per pod in name order, the last one for
 * every pod after it.
 */
export interface PodFault {
  namespace: string;
  selector: string;
  stages: string[];
  /** The restart count the stage reports (default 5). */
  restarts?: number;
}

/** A scenario, resolved: base without its removals, merged with its overlay. */
export interface Scenario {
  name: string;
  description: string;
  temporal: TemporalScenario;
  faults: PodFault[];
  objects: KubeObject[];
}

const baseFolder = 'base';
const scenarioFile = 'scenario.yaml';

/** Names and descriptions of the scenarios in examples/cluster, sorted by name. */
export function listScenarios(
  root = repoPaths.scenariosDir,
): Array<{ name: string; description: string }> {
  return readdirSync(root, { withFileTypes: true })
    .filter(
      entry =>
        entry.isDirectory() &&
        entry.name !== baseFolder &&
        existsSync(join(root, entry.name, scenarioFile)),
    )
    .map(entry => entry.name)
    .sort()
    .map(name => ({
      name,
      description: readScenarioFile(join(root, name, scenarioFile)).description,
    }));
}

interface ScenarioFile {
  description: string;
  temporal: TemporalScenario;
  remove: RemovedObject[];
  faults: PodFault[];
}

/** The kwok stages a fault may name (tools/stack/kwok/stages.yaml). */
export const faultStages = [
  'oomkilled',
  'oomkilled-crashloop',
  'crashloop',
  'not-ready',
] as const;

function readFaults(path: string, raw: unknown): PodFault[] {
  if (raw === undefined) return [];
  const expected = `${path}: faults must be a list of {namespace, selector, stages: [${faultStages.join(
    ' | ',
  )}], restarts?}`;
  if (!Array.isArray(raw)) throw new Error(expected);
  return raw.map((entry, index) => {
    const { namespace, selector, stages, restarts } = entry ?? {};
    const where = `${path}: faults[${index}]`;
    if (typeof namespace !== 'string' || typeof selector !== 'string') {
      throw new Error(
        `${where}: namespace and selector (strings) are required; ${expected}`,
      );
    }
    if (
      !Array.isArray(stages) ||
      stages.length === 0 ||
      !stages.every(stage => (faultStages as readonly string[]).includes(stage))
    ) {
      throw new Error(
        `${where}.stages: expected a non-empty list of ${faultStages.join(
          ', ',
        )}, got ${JSON.stringify(stages)}`,
      );
    }
    if (
      restarts !== undefined &&
      (!Number.isInteger(restarts) || restarts < 0)
    ) {
      throw new Error(
        `${where}.restarts: expected a whole number >= 0, got ${JSON.stringify(
          restarts,
        )}`,
      );
    }
    return {
      namespace,
      selector,
      stages,
      ...(restarts === undefined ? {} : { restarts }),
    };
  });
}

function readScenarioFile(path: string): ScenarioFile {
  const raw = parse(readFileSync(path, 'utf8')) ?? {};
  const description = raw.description;
  if (typeof description !== 'string' || !description.trim()) {
    throw new Error(`${path}: description (a non-empty string) is required`);
  }
  const temporal = raw.temporal ?? {};
  const worker = temporal.worker ?? 'running';
  if (worker !== 'running' && worker !== 'stopped') {
    throw new Error(
      `${path}: temporal.worker must be running or stopped, not ${JSON.stringify(
        worker,
      )}`,
    );
  }
  const startWorkflows = temporal.startWorkflows ?? 0;
  if (!Number.isInteger(startWorkflows) || startWorkflows < 0) {
    throw new Error(
      `${path}: temporal.startWorkflows must be a whole number >= 0, not ${JSON.stringify(
        startWorkflows,
      )}`,
    );
  }
  const remove = raw.remove ?? [];
  if (
    !Array.isArray(remove) ||
    !remove.every(
      r => typeof r?.kind === 'string' && typeof r?.name === 'string',
    )
  ) {
    throw new Error(
      `${path}: remove must be a list of {kind, name, namespace?, apiVersion?}`,
    );
  }
  return {
    description: description.trim(),
    temporal: { worker, startWorkflows },
    remove,
    faults: readFaults(path, raw.faults),
  };
}

/** The identity under which an overlay object replaces a base object (the version does not count). */
export function objectKey(object: KubeObject): string {
  return [
    groupOf(object.apiVersion),
    object.kind,
    object.metadata.namespace ?? '',
    object.metadata.name,
  ].join('|');
}

/** The API group of an apiVersion ('' for the core group). */
function groupOf(apiVersion: string): string {
  return apiVersion.includes('/') ? apiVersion.split('/')[0] : '';
}

/** Whether a `remove:` entry names this object. */
function removes(entry: RemovedObject, object: KubeObject): boolean {
  return (
    entry.kind === object.kind &&
    entry.name === object.metadata.name &&
    (entry.namespace ?? '') === (object.metadata.namespace ?? '') &&
    (entry.apiVersion === undefined ||
      groupOf(entry.apiVersion) === groupOf(object.apiVersion))
  );
}

/**
 * Resolves a scenario: base without the removed objects (each must name one), each remaining object
 * replaced whole by the overlay object of the same identity, then the overlay's new objects; order
 * kept. An object that appears twice on one side is an error.
 */
export function resolveScenario(
  base: readonly KubeObject[],
  overlay: readonly KubeObject[],
  remove: readonly RemovedObject[] = [],
): KubeObject[] {
  for (const entry of remove) {
    if (!base.some(object => removes(entry, object))) {
      throw new Error(
        `remove: ${entry.kind} ${entry.namespace ? `${entry.namespace}/` : ''}${
          entry.name
        } is not an object of base`,
      );
    }
  }
  const kept = base.filter(
    object => !remove.some(entry => removes(entry, object)),
  );
  const byKey = (objects: readonly KubeObject[], side: string) => {
    const map = new Map<string, KubeObject>();
    for (const object of objects) {
      const key = objectKey(object);
      if (map.has(key)) {
        throw new Error(`${side}: ${describeRef(refOf(object))} appears twice`);
      }
      map.set(key, object);
    }
    return map;
  };
  const overlays = byKey(overlay, 'overlay');
  const bases = byKey(kept, 'base');
  return [
    ...kept.map(object => overlays.get(objectKey(object)) ?? object),
    ...overlay.filter(object => !bases.has(objectKey(object))),
  ];
}

/** Loads a scenario by name; an unknown name lists the known ones. */
export function loadScenario(
  name: string,
  root = repoPaths.scenariosDir,
): Scenario {
  const known = listScenarios(root).map(s => s.name);
  if (!known.includes(name)) {
    throw new Error(
      `unknown scenario "${name}"; known scenarios: ${known.join(', ')}`,
    );
  }
  const folder = join(root, name);
  const read = (dir: string, except: string[] = []) =>
    manifestFiles(dir, except).flatMap(readManifestFile);
  const { description, temporal, remove, faults } = readScenarioFile(
    join(folder, scenarioFile),
  );
  const base = read(join(root, baseFolder));
  const overlay = read(folder, [scenarioFile]);
  try {
    return {
      name,
      description,
      temporal,
      faults,
      objects: resolveScenario(base, overlay, remove),
    };
  } catch (error) {
    throw new Error(`scenario ${name}: ${(error as Error).message}`);
  }
}
