/*
 * Writing a scenario's objects to the API server so that what the plugin reads means what the
 * fixtures mean (examples/cluster/README.md, "Applying a scenario"): each spec by server-side apply,
 * then its status through the status subresource with generations and times moved to now; objects
 * of the previous scenario that this one lacks are deleted.
 */
import { createHash } from 'node:crypto';
import {
  describeRef,
  forEachLimited,
  KubeApiError,
  refOf,
  type KubeObject,
  type KubeRest,
  type ObjectRef,
} from './kube.ts';
import { inApplyOrder } from './manifests.ts';
import { objectKey, type Scenario } from './scenarios.ts';

/** The instant the fixtures' timestamps are written relative to (examples/cluster/README.md). */
export const fixtureReferenceTime = '2026-11-20T10:00:00Z';

const rfc3339 =
  /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

/**
 * Shifts every RFC 3339 timestamp (a whole string value) in `value` by `seconds`, keeping its
 * fractional digits, so that ages the fixture shows relative to the reference time hold now.
 */
export function shiftTimestamps<T>(value: T, seconds: number): T {
  if (seconds === 0) return value;
  if (typeof value === 'string') {
    const match = rfc3339.exec(value);
    if (!match) return value;
    const [, wholeSeconds, fraction = '', zone] = match;
    const shifted = new Date(
      Date.parse(`${wholeSeconds}${zone}`) + seconds * 1000,
    );
    return `${shifted.toISOString().slice(0, 19)}${fraction}Z` as T;
  }
  if (Array.isArray(value)) {
    return value.map(item => shiftTimestamps(item, seconds)) as T;
  }
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [
        key,
        shiftTimestamps(item, seconds),
      ]),
    ) as T;
  }
  return value;
}

/** Seconds from the fixtures' reference time to `now`, whole (so fractions stay as written). */
export function secondsSinceReference(now = Date.now()): number {
  return Math.round((now - Date.parse(fixtureReferenceTime)) / 1000);
}

/**
 * Moves the generations a fixture's status mentions onto the object's real generation. A fixture
 * says `metadata.generation: 1` and `status.observedGeneration: 1` (observed the latest) or 0 (lags
 * one behind); the API server, though, counts generations itself: an object whose spec changes when
 * the scenario changes is at generation 2. Shifting every observed generation by the difference
 * keeps what the fixture means. Values below 1 (never observed) stay as they are.
 */
export function rebaseGenerations(
  status: Record<string, unknown>,
  fixtureGeneration: number,
  actualGeneration: number,
): Record<string, unknown> {
  const delta = actualGeneration - fixtureGeneration;
  if (delta === 0) return status;
  const shift = (value: unknown) =>
    typeof value === 'number' && value >= 1 ? value + delta : value;
  const rebased: Record<string, unknown> = { ...status };
  for (const key of ['observedGeneration', 'lastAttemptedGeneration']) {
    if (key in rebased) rebased[key] = shift(rebased[key]);
  }
  if (Array.isArray(rebased.conditions)) {
    rebased.conditions = rebased.conditions.map(condition =>
      condition &&
      typeof condition === 'object' &&
      'observedGeneration' in condition
        ? {
            ...condition,
            observedGeneration: shift(condition.observedGeneration),
          }
        : condition,
    );
  }
  return rebased;
}

/** Metadata the API server owns; a fixture may show it, we never send it. */
const serverOwnedMetadata = [
  'generation',
  'resourceVersion',
  'uid',
  'creationTimestamp',
  'managedFields',
  'selfLink',
];

function withoutServerFields(object: KubeObject): KubeObject {
  const { status: _status, ...rest } = object;
  const metadata = { ...object.metadata };
  for (const key of serverOwnedMetadata) delete metadata[key];
  return { ...rest, metadata };
}

/**
 * An object a scenario wrote, as state.json remembers it: a digest of its fixture and the time shift
 * its status was written with. An unchanged object is written again with the same shift, so its
 * status stays the same (a Job's startTime may not change) and its ages grow as time passes; a new
 * or changed one is written relative to now.
 */
export interface AppliedObject extends ObjectRef {
  digest: string;
  timeShiftSeconds: number;
}

/** What applying a scenario did. */
export interface ScenarioApplyResult {
  applied: AppliedObject[];
  deleted: ObjectRef[];
  /** Objects of the previous scenario that cannot be deleted here (namespaces: no namespace controller). */
  kept: AppliedObject[];
  /** How many objects are new or changed (written relative to now). */
  changed: number;
}

function digestOf(object: KubeObject): string {
  return createHash('sha256')
    .update(JSON.stringify(object))
    .digest('hex')
    .slice(0, 16);
}

function keyOfRef(ref: ObjectRef): string {
  return objectKey({
    apiVersion: ref.apiVersion,
    kind: ref.kind,
    metadata: { name: ref.name, namespace: ref.namespace },
  });
}

/** A 422 for changing a field that cannot change (a Pod's nodeName, a Job's startTime, ...). */
function isImmutableFieldError(error: unknown): boolean {
  return (
    error instanceof KubeApiError &&
    error.code === 422 &&
    /immutable|may not change/.test(error.message)
  );
}

/** Applies the spec, then the status (moved to the live generation and by `timeShiftSeconds`). */
async function write(
  kube: KubeRest,
  object: KubeObject,
  timeShiftSeconds: number,
): Promise<void> {
  const stored = await kube.apply(withoutServerFields(object));
  const status = object.status as Record<string, unknown> | undefined;
  // A namespace's status (phase) is the API server's own.
  if (!status || object.kind === 'Namespace') return;
  if (!(await kube.hasStatus(refOf(object)))) {
    throw new Error(`has a status but its kind has no status subresource`);
  }
  const { name, namespace } = object.metadata;
  await kube.apply(
    {
      apiVersion: object.apiVersion,
      kind: object.kind,
      metadata: { name, ...(namespace ? { namespace } : {}) },
      status: shiftTimestamps(
        rebaseGenerations(
          status,
          object.metadata.generation ?? 1,
          stored.metadata.generation ?? 1,
        ),
        timeShiftSeconds,
      ),
    },
    'status',
  );
}

/**
 * Writes one object; where that changes a field that cannot change, deletes and re-creates it, as
 * its controller would (CloudNativePG re-creates an instance Pod under the same name, Helm a Job).
 */
async function applyOne(
  kube: KubeRest,
  object: KubeObject,
  timeShiftSeconds: number,
): Promise<void> {
  try {
    try {
      await write(kube, object, timeShiftSeconds);
    } catch (error) {
      if (!isImmutableFieldError(error)) throw error;
      await kube.delete(refOf(object));
      await write(kube, object, timeShiftSeconds);
    }
  } catch (error) {
    throw new Error(
      `applying ${describeRef(refOf(object))}: ${(error as Error).message}`,
    );
  }
}

/**
 * Applies a scenario's objects (namespaces first, then the rest in parallel; each spec, then status)
 * and deletes the objects of `previous` that it does not have.
 */
export async function applyScenarioObjects(
  kube: KubeRest,
  scenario: Scenario,
  previous: readonly AppliedObject[] = [],
): Promise<ScenarioApplyResult> {
  const now = secondsSinceReference();
  const before = new Map(previous.map(p => [keyOfRef(p), p]));
  const applied = scenario.objects.map((object): AppliedObject => {
    const digest = digestOf(object);
    const last = before.get(objectKey(object));
    const timeShiftSeconds =
      last?.digest === digest ? last.timeShiftSeconds : now;
    return { ...refOf(object), digest, timeShiftSeconds };
  });
  const shiftOf = new Map(applied.map(a => [keyOfRef(a), a.timeShiftSeconds]));
  const apply = (object: KubeObject) =>
    applyOne(kube, object, shiftOf.get(objectKey(object))!);
  const ordered = inApplyOrder(scenario.objects);
  await forEachLimited(
    ordered.filter(o => o.kind === 'Namespace'),
    8,
    apply,
  );
  await forEachLimited(
    ordered.filter(o => o.kind !== 'Namespace'),
    8,
    apply,
  );

  const keys = new Set(applied.map(keyOfRef));
  const gone = previous.filter(p => !keys.has(keyOfRef(p)));
  const kept = gone.filter(p => p.kind === 'Namespace');
  const deleted = gone.filter(p => p.kind !== 'Namespace');
  await forEachLimited(deleted, 8, ref => kube.delete(ref));
  return {
    applied,
    deleted: deleted.map(({ digest: _d, timeShiftSeconds: _t, ...ref }) => ref),
    kept,
    changed: applied.filter(a => before.get(keyOfRef(a))?.digest !== a.digest)
      .length,
  };
}
