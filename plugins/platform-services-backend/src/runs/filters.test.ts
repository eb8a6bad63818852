import {
  applyFilters,
  FilterError,
  grepLines,
  jqPath,
  parseJsonStream,
} from './filters';

const describeText = [
  'Name:         postgresql-cluster-app',
  'Spec:',
  '  Refresh Interval:  1h',
  'Status:',
  '  Conditions:',
  '    Message:  could not get secret data from provider',
  '    Reason:   SecretSyncedError',
  '    Status:   False',
  '    Type:     Ready',
  'Events:  <none>',
];

describe('grep', () => {
  const grep = (opts: Partial<Parameters<typeof grepLines>[1]>) =>
    grepLines(describeText, {
      kind: 'grep',
      alternatives: [],
      ignoreCase: false,
      invert: false,
      ...opts,
    });

  it('keeps lines containing any alternative', () => {
    expect(grep({ alternatives: ['Reason', 'Type'] })).toEqual([
      '    Reason:   SecretSyncedError',
      '    Type:     Ready',
    ]);
  });

  it('ignores case with -i and inverts with -v', () => {
    expect(
      grep({ alternatives: ['secretsyncederror'], ignoreCase: true }),
    ).toHaveLength(1);
    expect(grep({ alternatives: [':'], invert: true })).toEqual([]);
  });

  it('adds context after and before, with -- between groups that do not touch', () => {
    expect(grep({ alternatives: ['Name:', 'Type:'], after: 1 })).toEqual([
      'Name:         postgresql-cluster-app',
      'Spec:',
      '--',
      '    Type:     Ready',
      'Events:  <none>',
    ]);
    expect(grep({ alternatives: ['Status:'], after: 10 })).toEqual(
      describeText.slice(3),
    );
    expect(grep({ alternatives: ['Reason'], before: 1 })).toEqual([
      '    Message:  could not get secret data from provider',
      '    Reason:   SecretSyncedError',
    ]);
  });
});

describe('head and tail', () => {
  const lines = ['a', 'b', 'c', 'd'];
  it('keeps the first or last lines', () => {
    expect(applyFilters(lines, [{ kind: 'head', lines: 2 }])).toEqual([
      'a',
      'b',
    ]);
    expect(applyFilters(lines, [{ kind: 'head' }])).toEqual(lines);
    expect(applyFilters(lines, [{ kind: 'tail', lines: 1 }])).toEqual(['d']);
    expect(applyFilters(lines, [{ kind: 'tail', lines: 0 }])).toEqual([]);
  });

  it('cuts bytes with head -c, never in the middle of a character', () => {
    expect(applyFilters(['abcdef', 'g'], [{ kind: 'head', bytes: 3 }])).toEqual(
      ['abc'],
    );
    expect(applyFilters(['ab', 'cd'], [{ kind: 'head', bytes: 3 }])).toEqual([
      'ab',
    ]);
    expect(applyFilters(['aé'], [{ kind: 'head', bytes: 2 }])).toEqual(['a']);
  });
});

describe('jq', () => {
  it('reads a stream of JSON values, as kubectl jsonpath prints them', () => {
    expect(parseJsonStream('{"a":1} {"b":"}"}\n[1,2] "x" 3 true null')).toEqual(
      [{ a: 1 }, { b: '}' }, [1, 2], 'x', 3, true, null],
    );
  });

  it('pretty-prints with `jq .`', () => {
    expect(
      applyFilters(
        ['{"type":"Ready","status":"False"} {"type":"X"}'],
        [{ kind: 'jq', path: [], raw: false }],
      ),
    ).toEqual([
      '{',
      '  "type": "Ready",',
      '  "status": "False"',
      '}',
      '{',
      '  "type": "X"',
      '}',
    ]);
  });

  it('follows paths with jq semantics', () => {
    const doc = { items: [{ name: 'a' }, { name: 'b' }], n: null };
    expect(
      jqPath(doc, [{ field: 'items' }, { iterate: true }, { field: 'name' }]),
    ).toEqual(['a', 'b']);
    expect(jqPath(doc, [{ field: 'items' }, { index: -1 }])).toEqual([
      { name: 'b' },
    ]);
    expect(jqPath(doc, [{ field: 'missing' }, { field: 'x' }])).toEqual([null]);
    expect(() => jqPath(doc, [{ field: 'items' }, { field: 'x' }])).toThrow(
      'cannot index array',
    );
    expect(() => jqPath(doc, [{ field: 'n' }, { iterate: true }])).toThrow(
      'cannot iterate over null',
    );
    expect(
      applyFilters(
        ['{"a":"text"}'],
        [{ kind: 'jq', path: [{ field: 'a' }], raw: true }],
      ),
    ).toEqual(['text']);
  });

  it('refuses input that is not JSON', () => {
    expect(() =>
      applyFilters(['NAME   READY'], [{ kind: 'jq', path: [], raw: false }]),
    ).toThrow(FilterError);
  });

  it('applies filters in order', () => {
    expect(
      applyFilters(describeText, [
        {
          kind: 'grep',
          alternatives: ['Status:'],
          ignoreCase: false,
          invert: false,
          after: 10,
        },
        { kind: 'head', lines: 2 },
      ]),
    ).toEqual(['Status:', '  Conditions:']);
  });
});
