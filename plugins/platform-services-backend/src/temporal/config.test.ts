import { ConfigReader } from '@backstage/config';
import { JsonValue } from '@backstage/types';
import { readTemporalConfig } from './config';

describe('readTemporalConfig', () => {
  const read = (temporal: JsonValue) =>
    readTemporalConfig(
      new ConfigReader({ platformServices: { temporal } }),
      '/srv/backend',
    );

  it('reads nothing when nothing is configured', () => {
    expect(readTemporalConfig(new ConfigReader({}))).toEqual([]);
  });

  it('applies the defaults', () => {
    expect(
      read([{ environment: 'dev', address: 'temporal-frontend:7233' }]),
    ).toEqual([
      {
        environment: 'dev',
        service: 'temporal',
        address: 'temporal-frontend:7233',
        namespaces: [{ name: 'default' }],
        deadlineMs: 3000,
        refreshMs: 15000,
      },
    ]);
  });

  it('reads every option', () => {
    const [server] = read([
      {
        environment: 'prod',
        service: 'workflows',
        address: '[::1]:7233',
        tls: {
          caFile: 'certs/ca.pem',
          certFile: '/abs/c.pem',
          keyFile: 'k.pem',
          serverName: 'temporal.internal',
        },
        apiKey: 'secret',
        namespaces: [
          { name: 'orders', retention: '72h', taskQueues: ['orders-q'] },
          { name: 'billing', retention: '3d' },
        ],
        taskQueues: ['shared-q'],
        webUiUrl: 'https://temporal.example.com/',
        deadline: '5s',
        refresh: { seconds: 30 },
      },
    ]);
    expect(server).toEqual({
      environment: 'prod',
      service: 'workflows',
      address: '[::1]:7233',
      tls: {
        caFile: '/srv/backend/certs/ca.pem',
        certFile: '/abs/c.pem',
        keyFile: '/srv/backend/k.pem',
        serverName: 'temporal.internal',
      },
      apiKey: 'secret',
      namespaces: [
        { name: 'orders', retention: '72h', taskQueues: ['orders-q'] },
        { name: 'billing', retention: '3d', taskQueues: ['shared-q'] },
      ],
      webUiUrl: 'https://temporal.example.com',
      deadlineMs: 5000,
      refreshMs: 30000,
    });
  });

  it('takes tls: true as TLS with system roots', () => {
    expect(
      read([{ environment: 'dev', address: 'h:7233', tls: true }])[0].tls,
    ).toEqual({});
    expect(
      read([{ environment: 'dev', address: 'h:7233', tls: false }])[0].tls,
    ).toBeUndefined();
  });

  it.each([
    [[{ address: 'h:7233' }], 'platformServices.temporal[0].environment'],
    [
      [{ environment: 'dev', address: 'temporal-frontend' }],
      'platformServices.temporal[0].address: expected host:port',
    ],
    [
      [{ environment: 'dev', address: 'http://h:7233' }],
      'platformServices.temporal[0].address',
    ],
    [
      [
        {
          environment: 'dev',
          address: 'h:1',
          namespaces: [{ name: 'a', retention: 'a week' }],
        },
      ],
      'platformServices.temporal[0].namespaces[0].retention: expected a duration',
    ],
    [
      [
        {
          environment: 'dev',
          address: 'h:1',
          namespaces: [{ name: 'a' }, { name: 'a' }],
        },
      ],
      'platformServices.temporal[0].namespaces[1].name',
    ],
    [
      [{ environment: 'dev', address: 'h:1', namespaces: [] }],
      'platformServices.temporal[0].namespaces',
    ],
    [
      [{ environment: 'dev', address: 'h:1', deadline: 'soon' }],
      'platformServices.temporal[0].deadline',
    ],
    [
      [{ environment: 'dev', address: 'h:1', refresh: '0s' }],
      'platformServices.temporal[0].refresh: expected a positive duration',
    ],
    [
      [
        {
          environment: 'dev',
          address: 'h:1',
          webUiUrl: 'temporal.example.com',
        },
      ],
      'platformServices.temporal[0].webUiUrl',
    ],
    [
      [{ environment: 'dev', address: 'h:1', tls: { certFile: 'c.pem' } }],
      'platformServices.temporal[0].tls: expected both certFile and keyFile',
    ],
    [
      [{ environment: 'dev', address: 'h:1', taskQueues: [' '] }],
      'platformServices.temporal[0].taskQueues[0]',
    ],
    [
      [
        { environment: 'dev', address: 'a:1' },
        { environment: 'dev', address: 'b:1' },
      ],
      'platformServices.temporal[1]: the service "temporal" in environment "dev" is configured twice',
    ],
  ])('names the key for %j', (temporal, message) => {
    expect(() => read(temporal)).toThrow(message);
  });

  it('allows one environment to have several Temporal services', () => {
    expect(
      read([
        { environment: 'dev', address: 'a:1' },
        { environment: 'dev', service: 'temporal-batch', address: 'b:1' },
      ]).map(s => s.service),
    ).toEqual(['temporal', 'temporal-batch']);
  });
});
