/**
 * `kubectl describe` as text, from plain objects: kubectl's layout for Pods
 * (containers with their state, last state, limits and requests) and Secrets
 * (keys and sizes only), and its generic layout for everything else (fields
 * with humanised names), each followed by the object's events.
 */
import { ResourceType } from '@platform-services/plugin-platform-services-common';
import { LAST_APPLIED } from './secrets';
import { age } from './tables';

type Obj = Record<string, any>;

/** `lastTransitionTime` → `Last Transition Time`, `podIP` → `Pod IP`. */
export function humanize(key: string): string {
  const words = key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .split(/[\s_]+/)
    .filter(Boolean);
  return words.map(w => w.charAt(0).toUpperCase() + w.slice(1)).join(' ');
}

function isObject(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function scalar(v: unknown): string {
  if (v === null || v === undefined) return '';
  return typeof v === 'string' ? v : JSON.stringify(v);
}

/** Aligned `Key:  value` lines at an indent; nested maps and lists below their key. */
function block(
  fields: Array<[string, unknown]>,
  indent: number,
  out: string[],
) {
  const pad = ' '.repeat(indent);
  const width = Math.max(
    0,
    ...fields.filter(([, v]) => !isNested(v)).map(([k]) => k.length + 1),
  );
  for (const [key, value] of fields) {
    if (isNested(value)) {
      out.push(`${pad}${key}:`);
      nested(value, indent + 2, out);
    } else {
      const text = scalar(value);
      out.push(`${pad}${`${key}:`.padEnd(width)}  ${text}`.trimEnd());
    }
  }
}

function isNested(v: unknown): boolean {
  return (
    (isObject(v) && Object.keys(v).length > 0) ||
    (Array.isArray(v) && v.length > 0)
  );
}

function nested(value: unknown, indent: number, out: string[]) {
  if (Array.isArray(value)) {
    for (const item of value) {
      if (isObject(item)) {
        block(
          Object.keys(item)
            .sort()
            .map(k => [humanize(k), item[k]]),
          indent,
          out,
        );
      } else {
        out.push(`${' '.repeat(indent)}${scalar(item)}`);
      }
    }
  } else if (isObject(value)) {
    block(
      Object.keys(value)
        .sort()
        .map(k => [humanize(k), value[k]]),
      indent,
      out,
    );
  }
}

/** `a=b` lines, continuation lines aligned under the first, or `<none>`. */
function mapLines(
  label: string,
  map: Record<string, string> | undefined,
  width: number,
  sep: string,
): string[] {
  const entries = Object.entries(map ?? {}).sort(([a], [b]) =>
    a < b ? -1 : 1,
  );
  const head = `${label}:`.padEnd(width);
  if (entries.length === 0) return [`${head}<none>`];
  return entries.map(
    ([k, v], i) => `${i === 0 ? head : ' '.repeat(width)}${k}${sep}${v}`,
  );
}

function annotationsOf(obj: Obj): Record<string, string> {
  const { [LAST_APPLIED]: _copy, ...rest } = obj.metadata?.annotations ?? {};
  return rest;
}

function header(obj: Obj, width: number): string[] {
  const lines = [`${'Name:'.padEnd(width)}${obj.metadata?.name ?? ''}`];
  if (obj.metadata?.namespace)
    lines.push(`${'Namespace:'.padEnd(width)}${obj.metadata.namespace}`);
  lines.push(...mapLines('Labels', obj.metadata?.labels, width, '='));
  lines.push(...mapLines('Annotations', annotationsOf(obj), width, ': '));
  return lines;
}

/** The Events section: kubectl's table, or `<none>`. */
export function eventsSection(events: Obj[], now: Date): string[] {
  if (events.length === 0) return ['Events:  <none>'];
  const sorted = [...events].sort((a, b) =>
    String(a.lastTimestamp ?? a.eventTime ?? '') <
    String(b.lastTimestamp ?? b.eventTime ?? '')
      ? -1
      : 1,
  );
  const rows = sorted.map(e => {
    const count = e.count ?? 1;
    const first = e.firstTimestamp ?? e.eventTime;
    const last = e.lastTimestamp ?? e.eventTime;
    const when =
      count > 1 && first
        ? `${age(last, now)} (x${count} over ${age(first, now)})`
        : age(last, now);
    return [
      e.type ?? '',
      e.reason ?? '',
      when,
      e.source?.component ?? e.reportingComponent ?? '',
      String(e.message ?? '').trim(),
    ];
  });
  const columns = ['Type', 'Reason', 'Age', 'From', 'Message'];
  const all = [columns, columns.map(c => '-'.repeat(c.length)), ...rows];
  const widths = columns.map((_, i) => Math.max(...all.map(r => r[i].length)));
  return [
    'Events:',
    ...all.map(r =>
      `  ${r
        .map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i])))
        .join('  ')}`.trimEnd(),
    ),
  ];
}

function describeSecret(secret: Obj): string[] {
  const width = 14;
  const lines = header(secret, width);
  lines.push('', `Type:  ${secret.type ?? 'Opaque'}`, '', 'Data', '====');
  const sizes: Record<string, number> = secret.dataBytes ?? {};
  const keys = Object.keys(sizes).sort();
  const keyWidth = Math.max(0, ...keys.map(k => k.length + 1));
  for (const k of keys)
    lines.push(`${`${k}:`.padEnd(keyWidth)}  ${sizes[k]} bytes`);
  return lines;
}

function envValue(env: Obj): string {
  if (env.value !== undefined) return String(env.value);
  const from = env.valueFrom ?? {};
  if (from.secretKeyRef) {
    return `<set to the key '${from.secretKeyRef.key}' in secret '${
      from.secretKeyRef.name
    }'>  Optional: ${!!from.secretKeyRef.optional}`;
  }
  if (from.configMapKeyRef) {
    return `<set to the key '${from.configMapKeyRef.key}' of config map '${
      from.configMapKeyRef.name
    }'>  Optional: ${!!from.configMapKeyRef.optional}`;
  }
  if (from.fieldRef)
    return `(${from.fieldRef.apiVersion ?? 'v1'}:${from.fieldRef.fieldPath})`;
  if (from.resourceFieldRef) return `${from.resourceFieldRef.resource}`;
  return '';
}

function stateLines(
  label: string,
  state: Obj | undefined,
  pad: string,
): string[] {
  if (!state || Object.keys(state).length === 0) return [];
  const [kind] = Object.keys(state);
  const detail: Obj = state[kind] ?? {};
  const lines = [`${pad}${`${label}:`.padEnd(16)}${humanize(kind)}`];
  const fields: Array<[string, unknown]> = [
    ['Reason', detail.reason],
    ['Message', detail.message],
    ['Exit Code', detail.exitCode],
    ['Started', detail.startedAt],
    ['Finished', detail.finishedAt],
  ];
  for (const [k, v] of fields) {
    if (v !== undefined && v !== null && v !== '')
      lines.push(`${pad}  ${`${k}:`.padEnd(14)}${scalar(v)}`);
  }
  return lines;
}

function containerLines(
  c: Obj,
  status: Obj | undefined,
  pad: string,
): string[] {
  const lines = [`${pad}${c.name}:`];
  const p = `${pad}  `;
  lines.push(`${p}${'Image:'.padEnd(16)}${c.image ?? ''}`);
  const ports = (c.ports ?? []).map(
    (x: Obj) => `${x.containerPort}/${x.protocol ?? 'TCP'}`,
  );
  lines.push(`${p}${'Port:'.padEnd(16)}${ports.join(', ') || '<none>'}`);
  if (c.command)
    lines.push(`${p}Command:`, ...c.command.map((x: string) => `${p}  ${x}`));
  if (c.args)
    lines.push(`${p}Args:`, ...c.args.map((x: string) => `${p}  ${x}`));
  if (status) {
    lines.push(...stateLines('State', status.state, p));
    lines.push(...stateLines('Last State', status.lastState, p));
    lines.push(`${p}${'Ready:'.padEnd(16)}${status.ready ? 'True' : 'False'}`);
    lines.push(`${p}${'Restart Count:'.padEnd(16)}${status.restartCount ?? 0}`);
  }
  for (const [label, values] of [
    ['Limits', c.resources?.limits],
    ['Requests', c.resources?.requests],
  ] as const) {
    if (values && Object.keys(values).length > 0) {
      lines.push(`${p}${label}:`);
      const keys = Object.keys(values).sort();
      const width = Math.max(...keys.map(k => k.length + 1));
      for (const k of keys)
        lines.push(`${p}  ${`${k}:`.padEnd(width)}  ${values[k]}`);
    }
  }
  const env: Obj[] = c.env ?? [];
  if (env.length === 0) lines.push(`${p}Environment:    <none>`);
  else {
    lines.push(`${p}Environment:`);
    const width = Math.max(...env.map(e => String(e.name).length + 1));
    for (const e of env)
      lines.push(`${p}  ${`${e.name}:`.padEnd(width)}  ${envValue(e)}`);
  }
  return lines;
}

function describePod(pod: Obj): string[] {
  const width = 18;
  const lines = header(pod, width);
  const ownerRefs: Obj[] = pod.metadata?.ownerReferences ?? [];
  const owner = ownerRefs.find(o => o.controller) ?? ownerRefs[0];
  const field = (k: string, v: unknown) =>
    lines.push(`${`${k}:`.padEnd(width)}${scalar(v)}`);
  field('Service Account', pod.spec?.serviceAccountName ?? 'default');
  field(
    'Node',
    pod.spec?.nodeName
      ? `${pod.spec.nodeName}/${pod.status?.hostIP ?? ''}`
      : '<none>',
  );
  field('Start Time', pod.status?.startTime ?? '');
  field(
    'Status',
    pod.metadata?.deletionTimestamp ? 'Terminating' : pod.status?.phase ?? '',
  );
  if (pod.status?.reason) field('Reason', pod.status.reason);
  if (pod.status?.message) field('Message', pod.status.message);
  field('IP', pod.status?.podIP ?? '');
  if (owner) field('Controlled By', `${owner.kind}/${owner.name}`);
  const statuses = (list: Obj[] | undefined) =>
    new Map((list ?? []).map(s => [s.name, s]));
  const initStatus = statuses(pod.status?.initContainerStatuses);
  const mainStatus = statuses(pod.status?.containerStatuses);
  if ((pod.spec?.initContainers ?? []).length > 0) {
    lines.push('Init Containers:');
    for (const c of pod.spec.initContainers)
      lines.push(...containerLines(c, initStatus.get(c.name), '  '));
  }
  lines.push('Containers:');
  for (const c of pod.spec?.containers ?? [])
    lines.push(...containerLines(c, mainStatus.get(c.name), '  '));
  const conditions: Obj[] = pod.status?.conditions ?? [];
  if (conditions.length > 0) {
    const w = Math.max(4, ...conditions.map(c => String(c.type).length)) + 2;
    lines.push('Conditions:', `  ${'Type'.padEnd(w)}Status`);
    for (const c of conditions)
      lines.push(`  ${String(c.type).padEnd(w)}${c.status}`);
  }
  return lines;
}

function describeGeneric(obj: Obj, resource: ResourceType): string[] {
  const width = 14;
  const lines = header(obj, width);
  lines.push(
    `${'API Version:'.padEnd(width)}${
      obj.apiVersion ??
      (resource.group
        ? `${resource.group}/${resource.version}`
        : resource.version)
    }`,
  );
  lines.push(`${'Kind:'.padEnd(width)}${obj.kind ?? resource.kind}`);
  const {
    managedFields: _m,
    labels: _l,
    annotations: _a,
    name: _n,
    namespace: _ns,
    ...metadata
  } = obj.metadata ?? {};
  const rest: Array<[string, unknown]> = [['Metadata', metadata]];
  for (const key of Object.keys(obj).sort()) {
    if (['apiVersion', 'kind', 'metadata'].includes(key)) continue;
    rest.push([humanize(key), obj[key]]);
  }
  block(rest, 0, lines);
  return lines;
}

/**
 * The text `kubectl describe` prints for one object. `events` are the
 * object's events, or `undefined` to leave the section out (Secrets have
 * none in kubectl either).
 */
export function describeObject(
  resource: ResourceType,
  obj: Obj,
  events: Obj[] | undefined,
  now: Date,
): string {
  let lines: string[];
  if (resource.kind === 'Secret') lines = describeSecret(obj);
  else if (resource.kind === 'Pod') lines = describePod(obj);
  else lines = describeGeneric(obj, resource);
  if (events) lines.push(...eventsSection(events, now));
  return lines.join('\n');
}
