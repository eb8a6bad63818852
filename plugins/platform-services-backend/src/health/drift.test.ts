import { helmRelease, kustomization } from './__fixtures__/objects';
import { evaluateDrift, valueAtPath } from './drift';
import { HealthServiceInput } from './service';

const service: HealthServiceInput = {
  name: 'temporal',
  namespace: 'temporal',
  type: 'HelmRelease',
  status: 'Enabled',
  flux: {
    kustomization: { name: 'temporal', namespace: 'flux-system' },
    helmRelease: { name: 'temporal-server', namespace: 'flux-system' },
  },
  configuration: {
    parameters: [
      {
        name: 'WEB_MEMORY_LIMIT',
        values: { dev: '256Mi' },
        live: {
          object: 'helmRelease',
          path: 'spec.values.web.resources.limits.memory',
        },
      },
      {
        name: 'DB_NAME',
        values: { dev: 'temporal' },
        live: { object: 'helmRelease', path: 'spec.values.db' },
      },
      {
        name: 'WEB_ENABLED',
        values: { dev: 'true' },
        live: { object: 'helmRelease', path: 'spec.values.web.enabled' },
      },
      {
        name: 'REPLICAS',
        values: { prod: '2' },
        live: { object: 'helmRelease', path: 'spec.values.replicas' },
      },
      {
        name: 'MISSING',
        values: { dev: 'x' },
        live: { object: 'helmRelease', path: 'spec.values.nope' },
      },
      {
        name: 'INTERVAL',
        values: { dev: '10m' },
        live: { object: 'kustomization', path: 'spec.interval' },
      },
      { name: 'NOT_BOUND', values: { dev: 'x' } },
    ],
  },
};

describe('valueAtPath', () => {
  it('walks objects and array indexes', () => {
    expect(valueAtPath({ a: { b: [{ c: 1 }] } }, 'a.b.0.c')).toBe(1);
    expect(valueAtPath({ a: 1 }, 'a.b')).toBeUndefined();
    expect(valueAtPath({ a: {} }, 'a.toString')).toBeUndefined();
  });
});

describe('evaluateDrift', () => {
  it('compares each bound parameter with the live object', () => {
    const drift = evaluateDrift(service, 'dev', {
      helmRelease: helmRelease({
        values: {
          web: { enabled: true, resources: { limits: { memory: '512Mi' } } },
          db: 'temporal',
          replicas: 1,
        },
      }),
      kustomization: kustomization(),
    });
    expect(
      drift.map(d => [d.parameter, d.outcome, d.declared, d.live]),
    ).toEqual([
      ['WEB_MEMORY_LIMIT', 'mismatch', '256Mi', '512Mi'],
      ['DB_NAME', 'match', 'temporal', 'temporal'],
      ['WEB_ENABLED', 'match', 'true', 'true'],
      ['REPLICAS', 'not-set', undefined, '1'],
      ['MISSING', 'not-found', 'x', undefined],
      ['INTERVAL', 'match', '10m', '10m'],
    ]);
    expect(drift[0].message).toBe(
      'WEB_MEMORY_LIMIT: the catalog declares 256Mi for dev, HelmRelease flux-system/temporal-server has 512Mi at spec.values.web.resources.limits.memory',
    );
  });

  it('reports not-found when the object does not exist', () => {
    const drift = evaluateDrift(service, 'dev', {});
    expect(drift[0]).toMatchObject({
      outcome: 'not-found',
      message: 'HelmRelease flux-system/temporal-server does not exist in dev',
    });
  });
});
