import { ingressRouteFinding } from './ingress';
import { IngressRouteObject } from './objects';

const route: IngressRouteObject = {
  metadata: { name: 'temporal-web', namespace: 'temporal' },
  spec: {
    routes: [
      {
        match: 'Host(`temporal.local`)',
        services: [{ name: 'temporal-server-web', port: 8080 }],
      },
    ],
  },
};
const service = {
  metadata: {
    name: 'temporal-server-web',
    namespace: 'temporal',
    labels: { 'app.kubernetes.io/component': 'web' },
  },
};
const endpoints = (ready: boolean) => ({
  metadata: { name: 'temporal-server-web', namespace: 'temporal' },
  subsets: [
    ready
      ? { addresses: [{ ip: '10.42.0.30', targetRef: { name: 'web-1' } }] }
      : {
          notReadyAddresses: [
            { ip: '10.42.0.30', targetRef: { name: 'web-1' } },
          ],
        },
  ],
});

describe('ingressRouteFinding', () => {
  it('is ok when every Service backend has a ready endpoint', () => {
    const f = ingressRouteFinding(route, {
      services: [service],
      endpoints: [endpoints(true)],
    })!;
    expect(f.checks[0]).toMatchObject({
      status: 'ok',
      message:
        'IngressRoute temporal/temporal-web: Host(`temporal.local`) → Service temporal-server-web:8080: 1 ready endpoint',
    });
  });

  it('fails a backend with no ready endpoints, naming the pods that are not ready', () => {
    const f = ingressRouteFinding(route, {
      services: [service],
      endpoints: [endpoints(false)],
    })!;
    expect(f.checks[0]).toMatchObject({
      status: 'failed',
      reason: 'NoReadyEndpoints',
    });
    expect(f.checks[0].message).toBe(
      'IngressRoute temporal/temporal-web cannot reach its backend: Host(`temporal.local`) → Service temporal-server-web:8080 ' +
        'has no ready endpoints (not ready: web-1)',
    );
    expect(f.signals).toEqual([
      expect.objectContaining({
        id: 'ingress-backend-no-endpoints',
        component: 'web',
      }),
    ]);
  });

  it('reads EndpointSlices when there is no Endpoints object', () => {
    const slice = {
      metadata: {
        name: 'temporal-server-web-abc',
        namespace: 'temporal',
        labels: { 'kubernetes.io/service-name': 'temporal-server-web' },
      },
      endpoints: [
        { conditions: { ready: false }, targetRef: { name: 'web-1' } },
      ],
    };
    const f = ingressRouteFinding(route, {
      services: [service],
      endpoints: [],
      endpointSlices: [slice],
    })!;
    expect(f.checks[0].status).toBe('failed');
  });

  it('fails a backend whose Service does not exist', () => {
    const f = ingressRouteFinding(route, { services: [], endpoints: [] })!;
    expect(f.checks[0]).toMatchObject({
      status: 'failed',
      reason: 'ServiceNotFound',
    });
  });

  it('skips routes that only point at TraefikServices', () => {
    const dashboard: IngressRouteObject = {
      metadata: { name: 'traefik-dashboard', namespace: 'traefik' },
      spec: {
        routes: [
          { services: [{ name: 'api@internal', kind: 'TraefikService' }] },
        ],
      },
    };
    expect(ingressRouteFinding(dashboard, { services: [] })).toBeUndefined();
  });
});
