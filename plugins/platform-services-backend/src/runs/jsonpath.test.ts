import {
  columnValue,
  evaluateTemplate,
  goJson,
  JsonPathError,
  sortByPath,
} from './jsonpath';

const externalSecret = {
  kind: 'ExternalSecret',
  metadata: {
    name: 'postgresql-cluster-app',
    annotations: {
      'kubectl.kubernetes.io/restartedAt': 'x',
      'force-sync': '17',
    },
  },
  status: {
    conditions: [
      {
        type: 'Ready',
        status: 'False',
        reason: 'SecretSyncedError',
        message: 'could not get secret data from provider',
        lastTransitionTime: '2026-11-20T09:12:40Z',
      },
      { type: 'Deleted', status: 'False', message: 'not deleted' },
    ],
    phase: 'Cluster in healthy state',
  },
};

const jobs = {
  apiVersion: 'v1',
  kind: 'List',
  items: [
    {
      metadata: {
        name: 'temporal-server-schema-3',
        creationTimestamp: '2026-11-18T08:00:00Z',
      },
    },
    {
      metadata: {
        name: 'temporal-server-schema-4',
        creationTimestamp: '2026-11-20T09:00:00Z',
      },
    },
  ],
};

describe('kubectl JSONPath templates', () => {
  it('prints every message of a list, separated by a space', () => {
    expect(
      evaluateTemplate('{.status.conditions[*].message}', externalSecret),
    ).toBe('could not get secret data from provider not deleted');
  });

  it('prints objects as compact JSON with sorted keys, as Go does', () => {
    expect(evaluateTemplate('{.status.conditions[*]}', externalSecret)).toBe(
      '{"lastTransitionTime":"2026-11-20T09:12:40Z","message":"could not get secret data from provider","reason":"SecretSyncedError","status":"False","type":"Ready"} {"message":"not deleted","status":"False","type":"Deleted"}',
    );
  });

  it('indexes from the end of a list', () => {
    expect(evaluateTemplate('{.items[-1].metadata.name}', jobs)).toBe(
      'temporal-server-schema-4',
    );
    expect(evaluateTemplate('{.items[0].metadata.name}', jobs)).toBe(
      'temporal-server-schema-3',
    );
    expect(evaluateTemplate('{.items[5].metadata.name}', jobs)).toBe('');
  });

  it('reads a plain field, and prints nothing for a missing one', () => {
    expect(evaluateTemplate('{.status.phase}', externalSecret)).toBe(
      'Cluster in healthy state',
    );
    expect(evaluateTemplate('{.status.nothing}', externalSecret)).toBe('');
    expect(evaluateTemplate('{.data.x}', { metadata: {} })).toBe('');
  });

  it('keeps literal text, string literals and ranges', () => {
    expect(
      evaluateTemplate('{range .items[*]}{.metadata.name}{"\\n"}{end}', jobs),
    ).toBe('temporal-server-schema-3\ntemporal-server-schema-4\n');
    expect(evaluateTemplate('name={.metadata.name};', externalSecret)).toBe(
      'name=postgresql-cluster-app;',
    );
  });

  it('filters lists and escapes dots in keys', () => {
    expect(
      evaluateTemplate(
        '{.status.conditions[?(@.type=="Ready")].reason}',
        externalSecret,
      ),
    ).toBe('SecretSyncedError');
    expect(
      evaluateTemplate(
        '{.status.conditions[?(@.type!="Ready")].type}',
        externalSecret,
      ),
    ).toBe('Deleted');
    expect(
      evaluateTemplate(
        '{.metadata.annotations.kubectl\\.kubernetes\\.io/restartedAt}',
        externalSecret,
      ),
    ).toBe('x');
    expect(
      evaluateTemplate("{.metadata.annotations['force-sync']}", externalSecret),
    ).toBe('17');
  });

  it('slices and wildcards', () => {
    expect(evaluateTemplate('{.items[0:1].metadata.name}', jobs)).toBe(
      'temporal-server-schema-3',
    );
    expect(evaluateTemplate('{.metadata.annotations.*}', externalSecret)).toBe(
      '17 x',
    );
  });

  it('refuses what it does not support, and broken templates', () => {
    expect(() => evaluateTemplate('{..name}', jobs)).toThrow(JsonPathError);
    expect(() => evaluateTemplate('{.items[0]', jobs)).toThrow('unclosed');
    expect(() => evaluateTemplate('{range .items[*]}{.x}', jobs)).toThrow(
      'without "{end}"',
    );
  });

  it('escapes HTML characters like json.Marshal', () => {
    expect(goJson({ b: '<&>', a: 1 })).toBe(
      '{"a":1,"b":"\\u003c\\u0026\\u003e"}',
    );
  });
});

describe('custom columns and --sort-by', () => {
  it('reads relaxed paths, joining several values and showing <none>', () => {
    expect(columnValue('metadata.name', jobs.items[0])).toBe(
      'temporal-server-schema-3',
    );
    expect(columnValue('{.status.conditions[*].type}', externalSecret)).toBe(
      'Ready,Deleted',
    );
    expect(columnValue('.spec.nothing', externalSecret)).toBe('<none>');
  });

  it('sorts by creation time, objects without a value first', () => {
    const items = [
      { metadata: { name: 'b', creationTimestamp: '2026-11-20T09:00:00Z' } },
      { metadata: { name: 'c' } },
      { metadata: { name: 'a', creationTimestamp: '2026-11-18T08:00:00Z' } },
    ];
    expect(
      sortByPath(items, '.metadata.creationTimestamp').map(
        i => i.metadata.name,
      ),
    ).toEqual(['c', 'a', 'b']);
    expect(
      sortByPath([{ n: 10 }, { n: 9 }, { n: 100 }], '{.n}').map(i => i.n),
    ).toEqual([9, 10, 100]);
  });
});
