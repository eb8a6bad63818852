import { textWord } from './args';
import { outputFilter, parseJqPath } from './filters';
import { StepVerdict } from './verdict';

const filter = (...words: string[]) => outputFilter(words.map(textWord));

describe('outputFilter', () => {
  it('reads grep with alternatives, case, inversion and context', () => {
    expect(filter('grep', '-i', 'a\\|b c\\|d\\.e')).toEqual({
      kind: 'grep',
      alternatives: ['a', 'b c', 'd.e'],
      ignoreCase: true,
      invert: false,
    });
    expect(filter('grep', '-A5', 'Status:')).toMatchObject({
      after: 5,
      alternatives: ['Status:'],
    });
    expect(filter('grep', '-A', '10', '-B2', 'x')).toMatchObject({
      after: 10,
      before: 2,
    });
    expect(filter('grep', '-C', '3', 'x')).toMatchObject({
      after: 3,
      before: 3,
    });
    expect(filter('grep', '-iv', 'x')).toMatchObject({
      ignoreCase: true,
      invert: true,
    });
    expect(filter('grep', '-F', 'a.b\\|c')).toMatchObject({
      alternatives: ['a.b\\|c'],
    });
    expect(
      filter('grep', '--ignore-case', '--after-context=2', 'x'),
    ).toMatchObject({ ignoreCase: true, after: 2 });
  });

  it('reads head, tail and jq paths', () => {
    expect(filter('head')).toEqual({ kind: 'head', lines: 10 });
    expect(filter('head', '-c5')).toEqual({ kind: 'head', bytes: 5 });
    expect(filter('head', '-n', '3')).toEqual({ kind: 'head', lines: 3 });
    expect(filter('head', '-20')).toEqual({ kind: 'head', lines: 20 });
    expect(filter('tail', '--lines=7')).toEqual({ kind: 'tail', lines: 7 });
    expect(filter('jq', '.')).toEqual({ kind: 'jq', path: [], raw: false });
    expect(filter('jq', '-r', '.panels[0].datasource')).toEqual({
      kind: 'jq',
      path: [{ field: 'panels' }, { index: 0 }, { field: 'datasource' }],
      raw: true,
    });
  });

  it.each([
    [['grep', 'a.*b'], 'regular-expression syntax'],
    [['grep', '-E', 'a|b'], '`-E` is not supported'],
    [['grep', 'x', '/etc/passwd'], 'would read the file'],
    [['grep', '-A'], 'needs a line count'],
    [['head', '-n', '-5'], 'plain numbers'],
    [['tail', '-f'], 'is not supported'],
    [['jq', '.[] | select(.x)'], 'more than a path'],
    [['jq', '.', 'file.json'], 'exactly one path'],
    [['sort'], 'not `sort`'],
    [['awk', '{print $1}'], 'not `awk`'],
  ])('leaves %j to the operator', (words, reason) => {
    expect(() => filter(...words)).toThrow(StepVerdict);
    expect(() => filter(...words)).toThrow(reason);
  });
});

describe('parseJqPath', () => {
  it.each([
    ['.', []],
    ['.a.b', [{ field: 'a' }, { field: 'b' }]],
    ['.[].name', [{ iterate: true }, { field: 'name' }]],
    ['.a[-1]', [{ field: 'a' }, { index: -1 }]],
    ['.["x-y"]', [{ field: 'x-y' }]],
    ['."x-y".z', [{ field: 'x-y' }, { field: 'z' }]],
  ])('reads %s', (text, path) => {
    expect(parseJqPath(text)).toEqual(path);
  });

  it.each(['..', '.a | length', '.a[1:2]', 'a', '.a?', ''])(
    'rejects %j',
    text => {
      expect(parseJqPath(text)).toBeUndefined();
    },
  );
});
