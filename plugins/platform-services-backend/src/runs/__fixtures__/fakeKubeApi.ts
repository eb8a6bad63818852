/**
 * An in-memory {@link KubeApi} over the example cluster scenarios, with the
 * semantics the operations rely on: selectors, merge patches, dry runs,
 * Secrets read without their values, and refusals like a least-privilege
 * identity's.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  buildServiceModel,
  ResourceType,
  ServiceModel,
  validateCatalogText,
} from '@platform-services/plugin-platform-services-common';
import {
  KubeApi,
  KubeObject,
  KubeOperationError,
  PodMetrics,
} from '../../cluster/KubeOperations';
import {
  CLUSTER_EXAMPLES,
  loadScenario,
} from '../../health/__fixtures__/loadScenario';
import { sanitizeSecret, SecretGuard } from '../secrets';

/** The instant the scenarios are written for (examples/cluster/README.md). */
export const SCENARIO_TIME = new Date('2026-11-20T10:00:00Z');

/** The fake Secret values of examples/cluster, decoded and as stored (base64). */
export function fixtureSecretValues(): string[] {
  const values = new Set<string>();
  for (const o of loadScenario('healthy').objects) {
    if (o.kind !== 'Secret') continue;
    for (const v of Object.values<string>((o as any).data ?? {})) {
      values.add(v);
      values.add(Buffer.from(v, 'base64').toString('utf8'));
    }
  }
  return [...values];
}

/** The accepted model of examples/service-catalog.json. */
export function exampleModel(
  extraRunbooks: Record<string, Array<{ title: string; script: string }>> = {},
): ServiceModel {
  const text = readFileSync(
    join(CLUSTER_EXAMPLES, '..', 'service-catalog.json'),
    'utf8',
  );
  const file = JSON.parse(text);
  for (const [service, runbooks] of Object.entries(extraRunbooks)) {
    const s = file.services.find((x: any) => x.name === service);
    s.runbooks = [
      ...(s.runbooks ?? []),
      ...runbooks.map(r => ({ symptoms: 'Test.', ...r })),
    ];
  }
  const result = validateCatalogText(JSON.stringify(file));
  if (!result.ok) {
    throw new Error(
      `example catalog refused: ${JSON.stringify(result.problems.slice(0, 3))}`,
    );
  }
  return buildServiceModel(result.catalog);
}

const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v));

function groupOf(apiVersion: string | undefined): string {
  const parts = (apiVersion ?? '').split('/');
  return parts.length === 2 ? parts[0] : '';
}

/** `a=b,c!=d,e in (x,y),f,!g`, as the API server reads a label selector. */
export function labelsMatch(
  selector: string | undefined,
  labels: Record<string, string> = {},
): boolean {
  if (!selector) return true;
  const terms = selector.match(/[^,(]+(\([^)]*\))?/g) ?? [];
  return terms.every(raw => {
    const term = raw.trim();
    let m = /^([^!=\s]+)\s*(==|=|!=)\s*(.*)$/.exec(term);
    if (m) return m[2] === '!=' ? labels[m[1]] !== m[3] : labels[m[1]] === m[3];
    m = /^(\S+)\s+(in|notin)\s+\((.*)\)$/.exec(term);
    if (m) {
      const values = m[3].split(',').map(v => v.trim());
      return m[2] === 'in'
        ? values.includes(labels[m[1]])
        : !values.includes(labels[m[1]]);
    }
    if (term.startsWith('!')) return !(term.slice(1) in labels);
    return term in labels;
  });
}

function fieldsMatch(selector: string | undefined, obj: any): boolean {
  if (!selector) return true;
  return selector.split(',').every(term => {
    const [path, value] = term.split('=');
    const actual = path.split('.').reduce((v: any, k) => v?.[k], obj);
    return String(actual ?? '') === value;
  });
}

function mergePatch(target: any, patch: any): any {
  if (patch === null || typeof patch !== 'object' || Array.isArray(patch))
    return patch;
  const out =
    target && typeof target === 'object' && !Array.isArray(target)
      ? { ...target }
      : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else out[k] = mergePatch(out[k], v);
  }
  return out;
}

/** A call the fake received, for assertions. */
export interface FakeCall {
  verb: 'patch' | 'delete';
  plural: string;
  namespace?: string;
  name: string;
  dryRun: boolean;
  body?: unknown;
}

/** Options of {@link FakeKubeApi}. */
export interface FakeKubeApiOptions {
  /** Verbs refused with a 403, e.g. `{ patch: ['externalsecrets'] }` or `{ patch: '*' }`. */
  forbid?: Partial<Record<'get' | 'list' | 'patch' | 'delete', string[] | '*'>>;
  /** Pod logs by `namespace/pod/container`. */
  logs?: Record<string, string>;
  /** Pod metrics; absent means the metrics API is not served. */
  metrics?: PodMetrics[];
  /** Called after every real patch, e.g. to play a controller. */
  afterPatch?: (obj: KubeObject) => void;
}

/** The in-memory API; `objects` is the cluster, editable by tests. */
export class FakeKubeApi implements KubeApi {
  readonly objects: KubeObject[];
  readonly calls: FakeCall[] = [];
  private version = 1000;

  constructor(
    objects: KubeObject[],
    private readonly options: FakeKubeApiOptions = {},
  ) {
    this.objects = clone(objects).map(o => ({
      ...o,
      metadata: {
        creationTimestamp: '2026-11-18T08:30:00Z',
        uid: `uid-${o.kind}-${o.metadata?.namespace ?? ''}-${
          o.metadata?.name
        }`.toLowerCase(),
        resourceVersion: String(this.version++),
        ...o.metadata,
      },
    }));
  }

  static scenario(name: string, options?: FakeKubeApiOptions): FakeKubeApi {
    return new FakeKubeApi(loadScenario(name).objects as KubeObject[], options);
  }

  private refuse(
    verb: 'get' | 'list' | 'patch' | 'delete',
    type: ResourceType,
    namespace?: string,
  ) {
    const rule = this.options.forbid?.[verb];
    if (rule === '*' || rule?.includes(type.plural)) {
      throw new KubeOperationError(
        `the cluster identity may not ${verb} ${type.plural} ${
          namespace ? `in ${namespace}` : 'cluster-wide'
        } (403)`,
        403,
      );
    }
  }

  private find(
    type: ResourceType,
    namespace: string | undefined,
    name: string,
  ) {
    return this.objects.find(
      o =>
        o.kind === type.kind &&
        groupOf(o.apiVersion) === type.group &&
        (!type.namespaced || o.metadata?.namespace === namespace) &&
        o.metadata?.name === name,
    );
  }

  private shown(
    type: ResourceType,
    obj: KubeObject,
    guard?: SecretGuard,
  ): KubeObject {
    if (type.kind !== 'Secret') return clone(obj);
    const { secret, values } = sanitizeSecret(obj);
    guard?.remember(values);
    return secret as unknown as KubeObject;
  }

  async get(
    type: ResourceType,
    namespace: string | undefined,
    name: string,
    guard?: SecretGuard,
  ) {
    this.refuse(type.kind === 'Secret' ? 'list' : 'get', type, namespace);
    const obj = this.find(type, namespace, name);
    return obj ? this.shown(type, obj, guard) : undefined;
  }

  async list(
    type: ResourceType,
    namespace: string | undefined,
    selectors: { labelSelector?: string; fieldSelector?: string } = {},
    guard?: SecretGuard,
  ) {
    this.refuse('list', type, namespace);
    return this.objects
      .filter(
        o =>
          o.kind === type.kind &&
          groupOf(o.apiVersion) === type.group &&
          (!namespace ||
            !type.namespaced ||
            o.metadata?.namespace === namespace) &&
          labelsMatch(selectors.labelSelector, o.metadata?.labels) &&
          fieldsMatch(selectors.fieldSelector, o),
      )
      .sort((a, b) => (a.metadata!.name! < b.metadata!.name! ? -1 : 1))
      .map(o => this.shown(type, o, guard));
  }

  async patch(
    type: ResourceType,
    namespace: string | undefined,
    name: string,
    body: unknown,
    { dryRun }: { dryRun: boolean },
  ) {
    this.refuse('patch', type, namespace);
    this.calls.push({
      verb: 'patch',
      plural: type.plural,
      namespace,
      name,
      dryRun,
      body,
    });
    const obj = this.find(type, namespace, name);
    if (!obj)
      throw new KubeOperationError(`${type.plural} "${name}" not found`, 404);
    const merged = mergePatch(obj, body);
    if (dryRun) return clone(merged);
    merged.metadata.resourceVersion = String(this.version++);
    this.objects[this.objects.indexOf(obj)] = merged;
    this.options.afterPatch?.(merged);
    return clone(merged);
  }

  async delete(
    type: ResourceType,
    namespace: string | undefined,
    name: string,
    { dryRun }: { dryRun: boolean },
  ) {
    this.refuse('delete', type, namespace);
    this.calls.push({
      verb: 'delete',
      plural: type.plural,
      namespace,
      name,
      dryRun,
    });
    const obj = this.find(type, namespace, name);
    if (!obj)
      throw new KubeOperationError(`${type.plural} "${name}" not found`, 404);
    if (!dryRun) this.objects.splice(this.objects.indexOf(obj), 1);
    return clone(obj);
  }

  async podLog(
    namespace: string,
    pod: string,
    options: { container?: string; tailLines?: number },
  ) {
    const text =
      this.options.logs?.[`${namespace}/${pod}/${options.container}`];
    if (text === undefined) {
      throw new KubeOperationError(
        `no logs for ${namespace}/${pod}/${options.container}`,
      );
    }
    const lines = text.replace(/\n$/, '').split('\n');
    const kept =
      options.tailLines !== undefined ? lines.slice(-options.tailLines) : lines;
    return `${kept.join('\n')}\n`;
  }

  async podMetrics(
    namespace: string,
    options: { name?: string; labelSelector?: string },
  ) {
    if (!this.options.metrics) return undefined;
    return this.options.metrics.filter(
      m =>
        (m.metadata.namespace ?? namespace) === namespace &&
        (!options.name || m.metadata.name === options.name) &&
        (!options.labelSelector ||
          labelsMatch(
            options.labelSelector,
            this.objects.find(
              o => o.kind === 'Pod' && o.metadata?.name === m.metadata.name,
            )?.metadata?.labels,
          )),
    );
  }
}
