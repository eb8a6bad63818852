/**
 * The tables `kubectl get` prints by default and with `-o wide`, for the kinds
 * runbooks read, from plain objects. Kinds without their own columns get
 * kubectl's `NAME AGE`, plus `READY STATUS` when they carry a Ready condition
 * (the printer columns of the Flux, External Secrets and cert-manager CRDs).
 */
import { ResourceType } from '@platform-services/plugin-platform-services-common';

/** kubectl's `HumanDuration`: `45s`, `3m20s`, `5h10m`, `3d4h`, `400d`, `2y10d`. */
export function humanDuration(ms: number): string {
  const seconds = Math.floor(ms / 1000);
  if (seconds < -1) return '<invalid>';
  if (seconds < 0) return '0s';
  if (seconds < 60 * 2) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 10) {
    const s = seconds % 60;
    return s === 0 ? `${minutes}m` : `${minutes}m${s}s`;
  }
  if (minutes < 60 * 3) return `${minutes}m`;
  const hours = Math.floor(minutes / 60);
  if (hours < 8) {
    const m = minutes % 60;
    return m === 0 ? `${hours}h` : `${hours}h${m}m`;
  }
  if (hours < 48) return `${hours}h`;
  if (hours < 24 * 8) {
    const h = hours % 24;
    return h === 0
      ? `${Math.floor(hours / 24)}d`
      : `${Math.floor(hours / 24)}d${h}h`;
  }
  if (hours < 24 * 365 * 2) return `${Math.floor(hours / 24)}d`;
  const years = Math.floor(hours / 24 / 365);
  if (hours < 24 * 365 * 8) {
    const d = Math.floor(hours / 24) % 365;
    return d === 0 ? `${years}y` : `${years}y${d}d`;
  }
  return `${years}y`;
}

/** The age of a timestamp, or `<unknown>`. */
export function age(timestamp: unknown, now: Date): string {
  if (typeof timestamp !== 'string' || !timestamp) return '<unknown>';
  const t = Date.parse(timestamp);
  return Number.isNaN(t) ? '<unknown>' : humanDuration(now.getTime() - t);
}

type Obj = Record<string, any>;

function condition(obj: Obj, type: string): Obj | undefined {
  const conditions = obj?.status?.conditions;
  return Array.isArray(conditions)
    ? conditions.find((c: Obj) => c?.type === type)
    : undefined;
}

const none = (v: unknown) =>
  v === undefined || v === null || v === '' ? '<none>' : String(v);

function podStatus(pod: Obj): string {
  if (pod.metadata?.deletionTimestamp) return 'Terminating';
  let reason: string = pod.status?.reason || pod.status?.phase || 'Unknown';
  const inits: Obj[] = pod.status?.initContainerStatuses ?? [];
  for (let i = 0; i < inits.length; i++) {
    const s = inits[i];
    const t = s.state?.terminated;
    if (t && t.exitCode === 0) continue;
    if (t) {
      return t.reason ? `Init:${t.reason}` : `Init:ExitCode:${t.exitCode}`;
    }
    const w = s.state?.waiting;
    if (w?.reason && w.reason !== 'PodInitializing') return `Init:${w.reason}`;
    return `Init:${i}/${(pod.spec?.initContainers ?? []).length}`;
  }
  let running = false;
  for (const s of [...(pod.status?.containerStatuses ?? [])].reverse()) {
    if (s.state?.waiting?.reason) reason = s.state.waiting.reason;
    else if (s.state?.terminated?.reason) reason = s.state.terminated.reason;
    else if (s.state?.terminated)
      reason = `ExitCode:${s.state.terminated.exitCode}`;
    else if (s.ready && s.state?.running) running = true;
  }
  if (reason === 'Completed' && running) reason = 'Running';
  return reason;
}

function restarts(pod: Obj, now: Date): string {
  let count = 0;
  let last: number | undefined;
  for (const s of pod.status?.containerStatuses ?? []) {
    count += s.restartCount ?? 0;
    const finished = Date.parse(s.lastState?.terminated?.finishedAt ?? '');
    if (!Number.isNaN(finished) && (last === undefined || finished > last))
      last = finished;
  }
  return last !== undefined && count > 0
    ? `${count} (${humanDuration(now.getTime() - last)} ago)`
    : String(count);
}

function containersOf(template: Obj | undefined) {
  const containers: Obj[] = template?.spec?.containers ?? [];
  return {
    names: containers.map(c => c.name).join(','),
    images: containers.map(c => c.image).join(','),
  };
}

/** A label selector as kubectl prints it. */
export function selectorText(selector: Obj | undefined): string {
  if (!selector) return '<none>';
  const parts = Object.entries<string>(selector.matchLabels ?? {}).map(
    ([k, v]) => `${k}=${v}`,
  );
  for (const e of selector.matchExpressions ?? []) {
    const values = (e.values ?? []).join(',');
    if (e.operator === 'In') parts.push(`${e.key} in (${values})`);
    else if (e.operator === 'NotIn') parts.push(`${e.key} notin (${values})`);
    else if (e.operator === 'Exists') parts.push(e.key);
    else if (e.operator === 'DoesNotExist') parts.push(`!${e.key}`);
  }
  return parts.length ? parts.join(',') : '<none>';
}

function jobStatus(job: Obj): string {
  if (condition(job, 'Failed')?.status === 'True') return 'Failed';
  if (condition(job, 'Complete')?.status === 'True') return 'Complete';
  if (job.spec?.suspend) return 'Suspended';
  return 'Running';
}

function jobDuration(job: Obj, now: Date): string {
  const start = Date.parse(job.status?.startTime ?? '');
  if (Number.isNaN(start)) return '';
  const end = Date.parse(job.status?.completionTime ?? '');
  return humanDuration((Number.isNaN(end) ? now.getTime() : end) - start);
}

function servicePorts(svc: Obj): string {
  const ports: Obj[] = svc.spec?.ports ?? [];
  if (ports.length === 0) return '<none>';
  return ports
    .map(
      p =>
        `${p.port}${p.nodePort ? `:${p.nodePort}` : ''}/${p.protocol ?? 'TCP'}`,
    )
    .join(',');
}

function endpointsText(ep: Obj): string {
  const all: string[] = [];
  for (const subset of ep.subsets ?? []) {
    for (const address of subset.addresses ?? []) {
      for (const port of subset.ports ?? [{}]) {
        all.push(port.port ? `${address.ip}:${port.port}` : address.ip);
      }
    }
  }
  if (all.length === 0) return '<none>';
  return all.length > 3
    ? `${all.slice(0, 3).join(',')} + ${all.length - 3} more...`
    : all.join(',');
}

function ready(obj: Obj): [string, string] {
  const c = condition(obj, 'Ready');
  return [c?.status ?? 'Unknown', c?.message ?? ''];
}

interface Columns {
  columns: string[];
  wide?: string[];
  row(obj: Obj, now: Date): string[];
  wideRow?(obj: Obj, now: Date): string[];
}

const name = (o: Obj) => o.metadata?.name ?? '';
const ageOf = (o: Obj, now: Date) => age(o.metadata?.creationTimestamp, now);

const BY_KIND: Record<string, Columns> = {
  Pod: {
    columns: ['NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE'],
    wide: ['IP', 'NODE', 'NOMINATED NODE', 'READINESS GATES'],
    row: (o, now) => {
      const statuses: Obj[] = o.status?.containerStatuses ?? [];
      const total = (o.spec?.containers ?? []).length || statuses.length;
      return [
        name(o),
        `${statuses.filter(s => s.ready).length}/${total}`,
        podStatus(o),
        restarts(o, now),
        ageOf(o, now),
      ];
    },
    wideRow: o => [
      none(o.status?.podIP),
      none(o.spec?.nodeName),
      none(o.status?.nominatedNodeName),
      none(undefined),
    ],
  },
  Deployment: {
    columns: ['NAME', 'READY', 'UP-TO-DATE', 'AVAILABLE', 'AGE'],
    wide: ['CONTAINERS', 'IMAGES', 'SELECTOR'],
    row: (o, now) => [
      name(o),
      `${o.status?.readyReplicas ?? 0}/${o.spec?.replicas ?? 1}`,
      String(o.status?.updatedReplicas ?? 0),
      String(o.status?.availableReplicas ?? 0),
      ageOf(o, now),
    ],
    wideRow: o => {
      const c = containersOf(o.spec?.template);
      return [c.names, c.images, selectorText(o.spec?.selector)];
    },
  },
  StatefulSet: {
    columns: ['NAME', 'READY', 'AGE'],
    wide: ['CONTAINERS', 'IMAGES'],
    row: (o, now) => [
      name(o),
      `${o.status?.readyReplicas ?? 0}/${o.spec?.replicas ?? 1}`,
      ageOf(o, now),
    ],
    wideRow: o => {
      const c = containersOf(o.spec?.template);
      return [c.names, c.images];
    },
  },
  DaemonSet: {
    columns: [
      'NAME',
      'DESIRED',
      'CURRENT',
      'READY',
      'UP-TO-DATE',
      'AVAILABLE',
      'NODE SELECTOR',
      'AGE',
    ],
    wide: ['CONTAINERS', 'IMAGES', 'SELECTOR'],
    row: (o, now) => [
      name(o),
      String(o.status?.desiredNumberScheduled ?? 0),
      String(o.status?.currentNumberScheduled ?? 0),
      String(o.status?.numberReady ?? 0),
      String(o.status?.updatedNumberScheduled ?? 0),
      String(o.status?.numberAvailable ?? 0),
      Object.entries<string>(o.spec?.template?.spec?.nodeSelector ?? {})
        .map(([k, v]) => `${k}=${v}`)
        .join(',') || '<none>',
      ageOf(o, now),
    ],
    wideRow: o => {
      const c = containersOf(o.spec?.template);
      return [c.names, c.images, selectorText(o.spec?.selector)];
    },
  },
  ReplicaSet: {
    columns: ['NAME', 'DESIRED', 'CURRENT', 'READY', 'AGE'],
    wide: ['CONTAINERS', 'IMAGES', 'SELECTOR'],
    row: (o, now) => [
      name(o),
      String(o.spec?.replicas ?? 0),
      String(o.status?.replicas ?? 0),
      String(o.status?.readyReplicas ?? 0),
      ageOf(o, now),
    ],
    wideRow: o => {
      const c = containersOf(o.spec?.template);
      return [c.names, c.images, selectorText(o.spec?.selector)];
    },
  },
  Job: {
    columns: ['NAME', 'STATUS', 'COMPLETIONS', 'DURATION', 'AGE'],
    wide: ['CONTAINERS', 'IMAGES', 'SELECTOR'],
    row: (o, now) => [
      name(o),
      jobStatus(o),
      `${o.status?.succeeded ?? 0}/${o.spec?.completions ?? 1}`,
      jobDuration(o, now),
      ageOf(o, now),
    ],
    wideRow: o => {
      const c = containersOf(o.spec?.template);
      return [c.names, c.images, selectorText(o.spec?.selector)];
    },
  },
  CronJob: {
    columns: [
      'NAME',
      'SCHEDULE',
      'TIMEZONE',
      'SUSPEND',
      'ACTIVE',
      'LAST SCHEDULE',
      'AGE',
    ],
    row: (o, now) => [
      name(o),
      o.spec?.schedule ?? '',
      none(o.spec?.timeZone),
      String(o.spec?.suspend ?? false),
      String((o.status?.active ?? []).length),
      o.status?.lastScheduleTime
        ? age(o.status.lastScheduleTime, now)
        : '<none>',
      ageOf(o, now),
    ],
  },
  Service: {
    columns: ['NAME', 'TYPE', 'CLUSTER-IP', 'EXTERNAL-IP', 'PORT(S)', 'AGE'],
    wide: ['SELECTOR'],
    row: (o, now) => [
      name(o),
      o.spec?.type ?? 'ClusterIP',
      none(o.spec?.clusterIP),
      none(
        (o.status?.loadBalancer?.ingress ?? [])
          .map((i: Obj) => i.ip ?? i.hostname)
          .concat(o.spec?.externalIPs ?? [])
          .join(','),
      ),
      servicePorts(o),
      ageOf(o, now),
    ],
    wideRow: o => [
      Object.entries<string>(o.spec?.selector ?? {})
        .map(([k, v]) => `${k}=${v}`)
        .join(',') || '<none>',
    ],
  },
  Endpoints: {
    columns: ['NAME', 'ENDPOINTS', 'AGE'],
    row: (o, now) => [name(o), endpointsText(o), ageOf(o, now)],
  },
  Secret: {
    columns: ['NAME', 'TYPE', 'DATA', 'AGE'],
    row: (o, now) => [
      name(o),
      o.type ?? 'Opaque',
      String(Object.keys(o.dataBytes ?? {}).length),
      ageOf(o, now),
    ],
  },
  ConfigMap: {
    columns: ['NAME', 'DATA', 'AGE'],
    row: (o, now) => [
      name(o),
      String(
        Object.keys(o.data ?? {}).length +
          Object.keys(o.binaryData ?? {}).length,
      ),
      ageOf(o, now),
    ],
  },
  Event: {
    columns: ['LAST SEEN', 'TYPE', 'REASON', 'OBJECT', 'MESSAGE'],
    row: (o, now) => [
      age(o.lastTimestamp ?? o.eventTime ?? o.metadata?.creationTimestamp, now),
      o.type ?? '',
      o.reason ?? '',
      `${String(o.involvedObject?.kind ?? '').toLowerCase()}/${
        o.involvedObject?.name ?? ''
      }`,
      String(o.message ?? '').trim(),
    ],
  },
  Namespace: {
    columns: ['NAME', 'STATUS', 'AGE'],
    row: (o, now) => [name(o), o.status?.phase ?? '', ageOf(o, now)],
  },
  PersistentVolumeClaim: {
    columns: [
      'NAME',
      'STATUS',
      'VOLUME',
      'CAPACITY',
      'ACCESS MODES',
      'STORAGECLASS',
      'AGE',
    ],
    row: (o, now) => [
      name(o),
      o.status?.phase ?? '',
      o.spec?.volumeName ?? '',
      o.status?.capacity?.storage ?? '',
      (o.status?.accessModes ?? o.spec?.accessModes ?? [])
        .map(
          (m: string) =>
            ((
              {
                ReadWriteOnce: 'RWO',
                ReadOnlyMany: 'ROX',
                ReadWriteMany: 'RWX',
                ReadWriteOncePod: 'RWOP',
              } as Record<string, string>
            )[m] ?? m),
        )
        .join(','),
      none(o.spec?.storageClassName),
      ageOf(o, now),
    ],
  },
  ServiceAccount: {
    columns: ['NAME', 'SECRETS', 'AGE'],
    row: (o, now) => [name(o), String((o.secrets ?? []).length), ageOf(o, now)],
  },
  HelmRelease: readyColumns(),
  Kustomization: readyColumns(),
  GitRepository: readyColumns(['URL'], o => [o.spec?.url ?? '']),
  HelmRepository: readyColumns(['URL'], o => [o.spec?.url ?? '']),
  OCIRepository: readyColumns(['URL'], o => [o.spec?.url ?? '']),
  HelmChart: readyColumns(
    ['CHART', 'VERSION', 'SOURCE KIND', 'SOURCE NAME'],
    o => [
      o.spec?.chart ?? '',
      o.spec?.version ?? '',
      o.spec?.sourceRef?.kind ?? '',
      o.spec?.sourceRef?.name ?? '',
    ],
  ),
  ExternalSecret: {
    columns: [
      'NAME',
      'STORETYPE',
      'STORE',
      'REFRESH INTERVAL',
      'STATUS',
      'READY',
    ],
    row: o => [
      name(o),
      o.spec?.secretStoreRef?.kind ?? 'SecretStore',
      o.spec?.secretStoreRef?.name ?? '',
      o.spec?.refreshInterval ?? '',
      condition(o, 'Ready')?.reason ?? '',
      condition(o, 'Ready')?.status ?? '',
    ],
  },
  SecretStore: storeColumns(),
  ClusterSecretStore: storeColumns(),
  Cluster: {
    columns: ['NAME', 'AGE', 'INSTANCES', 'READY', 'STATUS', 'PRIMARY'],
    row: (o, now) => [
      name(o),
      ageOf(o, now),
      String(o.status?.instances ?? ''),
      String(o.status?.readyInstances ?? ''),
      o.status?.phase ?? '',
      o.status?.currentPrimary ?? '',
    ],
  },
  Certificate: {
    columns: ['NAME', 'READY', 'SECRET', 'AGE'],
    row: (o, now) => [
      name(o),
      ready(o)[0],
      o.spec?.secretName ?? '',
      ageOf(o, now),
    ],
  },
};

function readyColumns(
  extra: string[] = [],
  extraRow: (o: Obj) => string[] = () => [],
): Columns {
  return {
    columns: ['NAME', ...extra, 'AGE', 'READY', 'STATUS'],
    row: (o, now) => {
      const [status, message] = ready(o);
      return [name(o), ...extraRow(o), ageOf(o, now), status, message];
    },
  };
}

function storeColumns(): Columns {
  return {
    columns: ['NAME', 'AGE', 'STATUS', 'CAPABILITIES', 'READY'],
    row: (o, now) => [
      name(o),
      ageOf(o, now),
      condition(o, 'Ready')?.reason ?? '',
      o.status?.capabilities ?? '',
      condition(o, 'Ready')?.status ?? '',
    ],
  };
}

const GENERIC: Columns = {
  columns: ['NAME', 'AGE'],
  row: (o, now) => [name(o), ageOf(o, now)],
};

/** Options of {@link objectTable}. */
export interface TableOptions {
  wide: boolean;
  showLabels: boolean;
  labelColumns: string[];
  now: Date;
}

/** The table `kubectl get` prints for these objects of one type. */
export function objectTable(
  resource: ResourceType,
  items: Obj[],
  options: TableOptions,
): { columns: string[]; rows: string[][] } {
  const spec = BY_KIND[resource.kind] ?? GENERIC;
  const wide = options.wide && spec.wide && spec.wideRow;
  const columns = [...spec.columns, ...(wide ? spec.wide! : [])];
  const labelHeaders = options.labelColumns.map(l =>
    (l.split('/').pop() ?? l).toUpperCase(),
  );
  columns.push(...labelHeaders);
  if (options.showLabels) columns.push('LABELS');
  const rows = items.map(o => {
    const labels: Record<string, string> = o.metadata?.labels ?? {};
    const row = [
      ...spec.row(o, options.now),
      ...(wide ? spec.wideRow!(o, options.now) : []),
    ];
    row.push(...options.labelColumns.map(l => labels[l] ?? ''));
    if (options.showLabels) {
      row.push(
        Object.entries(labels)
          .sort(([a], [b]) => (a < b ? -1 : 1))
          .map(([k, v]) => `${k}=${v}`)
          .join(',') || '<none>',
      );
    }
    return row;
  });
  return { columns, rows };
}

/** `-o name`: `pod/x`, `deployment.apps/x`, `helmrelease.helm.toolkit.fluxcd.io/x`. */
export function objectName(resource: ResourceType, obj: Obj): string {
  const kind = resource.kind.toLowerCase();
  return `${resource.group ? `${kind}.${resource.group}` : kind}/${name(obj)}`;
}
