import type {
  CheckStatus,
  Signal,
} from '@platform-services/plugin-platform-services-common';
import { Finding } from './findings';
import {
  EndpointSliceObject,
  EndpointsObject,
  IngressRouteObject,
  ServiceObject,
} from './objects';
import { COMPONENT_LABEL } from './workloads';

/** What is known about Services and their endpoints in the cluster. */
export interface ServiceEndpoints {
  services?: ReadonlyArray<ServiceObject>;
  endpoints?: ReadonlyArray<EndpointsObject>;
  endpointSlices?: ReadonlyArray<EndpointSliceObject>;
}

/** Ready and not-ready endpoint counts of a Service, or undefined when not observed. */
interface EndpointCount {
  ready: number;
  notReady: string[];
}

/**
 * Counts the ready addresses behind a Service, from its Endpoints object or,
 * failing that, its EndpointSlices (`kubernetes.io/service-name`).
 */
function endpointsOf(
  namespace: string,
  name: string,
  cluster: ServiceEndpoints,
): EndpointCount | undefined {
  const ep = cluster.endpoints?.find(
    e => e.metadata.namespace === namespace && e.metadata.name === name,
  );
  if (ep) {
    const subsets = ep.subsets ?? [];
    return {
      ready: subsets.reduce((n, s) => n + (s.addresses?.length ?? 0), 0),
      notReady: subsets.flatMap(s =>
        (s.notReadyAddresses ?? []).map(a => a.targetRef?.name ?? a.ip ?? '?'),
      ),
    };
  }
  const slices = cluster.endpointSlices?.filter(
    s =>
      s.metadata.namespace === namespace &&
      s.metadata.labels?.['kubernetes.io/service-name'] === name,
  );
  if (slices && slices.length > 0) {
    const all = slices.flatMap(s => s.endpoints ?? []);
    return {
      ready: all.filter(e => e.conditions?.ready !== false).length,
      notReady: all
        .filter(e => e.conditions?.ready === false)
        .map(e => e.targetRef?.name ?? '?'),
    };
  }
  if (!cluster.endpoints && !cluster.endpointSlices) return undefined;
  return { ready: 0, notReady: [] };
}

const worse = (a: CheckStatus, b: CheckStatus): CheckStatus => {
  const rank: CheckStatus[] = [
    'ok',
    'unknown',
    'progressing',
    'degraded',
    'failed',
  ];
  return rank.indexOf(b) > rank.indexOf(a) ? b : a;
};

/**
 * Checks every Service backend of an IngressRoute: the Service must exist and
 * have at least one ready endpoint, or Traefik has nowhere to send the
 * traffic. `TraefikService` backends (e.g. `api@internal`) are not checked.
 * IngressRoute has no status, so this is all the cluster can tell.
 */
export function ingressRouteFinding(
  route: IngressRouteObject,
  cluster: ServiceEndpoints,
): Finding | undefined {
  const ns = route.metadata.namespace ?? '';
  const name = `${ns}/${route.metadata.name}`;
  const object = {
    apiVersion: 'traefik.io/v1alpha1',
    kind: 'IngressRoute',
    namespace: ns,
    name: route.metadata.name,
  };
  const backends = (route.spec?.routes ?? []).flatMap(r =>
    (r.services ?? [])
      .filter(s => (s.kind ?? 'Service') === 'Service')
      .map(s => ({ match: r.match, service: s })),
  );
  if (backends.length === 0) return undefined;

  let status: CheckStatus = 'ok';
  let reason = 'BackendsReady';
  const lines: string[] = [];
  const signals: Signal[] = [];
  for (const { match, service } of backends) {
    const svcNs = service.namespace ?? ns;
    const target = `${service.name}${
      service.port !== undefined ? `:${service.port}` : ''
    }`;
    const via = `${match ? `${match} → ` : ''}Service ${target}`;
    const svc = cluster.services?.find(
      s => s.metadata.namespace === svcNs && s.metadata.name === service.name,
    );
    const component = svc?.metadata.labels?.[COMPONENT_LABEL];
    if (cluster.services && !svc) {
      status = worse(status, 'failed');
      reason = 'ServiceNotFound';
      const line = `${via}: the Service does not exist`;
      lines.push(line);
      signals.push({
        id: 'ingress-backend-no-endpoints',
        object,
        message: `IngressRoute ${name}: ${line}`,
      });
      continue;
    }
    const count = endpointsOf(svcNs, service.name, cluster);
    if (!count) {
      status = worse(status, 'unknown');
      lines.push(`${via}: endpoints not observed`);
    } else if (count.ready === 0) {
      status = worse(status, 'failed');
      reason = 'NoReadyEndpoints';
      const notReady = count.notReady.length
        ? ` (not ready: ${count.notReady.join(', ')})`
        : '';
      const line = `${via} has no ready endpoints${notReady}`;
      lines.push(line);
      signals.push({
        id: 'ingress-backend-no-endpoints',
        ...(component ? { component } : {}),
        object,
        message: `IngressRoute ${name}: ${line}`,
      });
    } else {
      lines.push(
        `${via}: ${count.ready} ready endpoint${count.ready === 1 ? '' : 's'}`,
      );
    }
  }
  const message =
    status === 'ok'
      ? `IngressRoute ${name}: ${lines.join('; ')}`
      : `IngressRoute ${name} cannot reach its backend: ${lines.join('; ')}`;
  return {
    checks: [
      {
        id: `ingressroute:${name}`,
        kind: 'IngressRoute',
        object,
        status,
        reason,
        message,
      },
    ],
    signals,
  };
}
