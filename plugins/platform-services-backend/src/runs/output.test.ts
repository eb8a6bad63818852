import {
  capOutput,
  filterOutput,
  outputLines,
  tableText,
  yamlText,
} from './output';

describe('outputs', () => {
  it('prints tables as kubectl does', () => {
    expect(
      tableText(
        ['NAME', 'READY', 'AGE'],
        [
          ['temporal-server-frontend', '2/2', '2d'],
          ['web', '0/1', '5m'],
        ],
      ),
    ).toEqual([
      'NAME                       READY   AGE',
      'temporal-server-frontend   2/2     2d',
      'web                        0/1     5m',
    ]);
  });

  it('keeps the shape without filters, and gives the filtered text with them', () => {
    const table = {
      kind: 'table' as const,
      columns: ['NAME', 'AGE'],
      rows: [
        ['a', '1d'],
        ['b', '2d'],
      ],
    };
    expect(filterOutput(table, [])).toBe(table);
    expect(
      filterOutput(table, [
        { kind: 'grep', alternatives: ['b'], ignoreCase: false, invert: false },
      ]),
    ).toEqual({ kind: 'text', text: 'b      2d' });
    expect(
      filterOutput({ kind: 'log', lines: ['x', 'y'], truncated: true }, [
        { kind: 'tail', lines: 1 },
      ]),
    ).toEqual({ kind: 'log', lines: ['y'], truncated: true });
    expect(outputLines({ kind: 'yaml', text: 'a: 1\nb: 2\n' })).toEqual([
      'a: 1',
      'b: 2',
    ]);
    expect(outputLines({ kind: 'text', text: '' })).toEqual([]);
  });

  it('writes YAML with sorted keys like kubectl', () => {
    expect(
      yamlText({ spec: { b: 1, a: '0123' }, apiVersion: 'v1', kind: 'X' }),
    ).toBe('apiVersion: v1\nkind: X\nspec:\n  a: "0123"\n  b: 1\n');
  });

  it('bounds what is stored and returned', () => {
    const max = 2000;
    const size = (v: unknown) => Buffer.byteLength(JSON.stringify(v));
    const log = capOutput(
      {
        kind: 'log',
        lines: Array.from({ length: 500 }, (_, i) => `line ${i}`),
      },
      max,
    );
    expect(size(log)).toBeLessThanOrEqual(max);
    expect(log).toMatchObject({ kind: 'log', truncated: true });
    expect((log as any).lines.at(-1)).toBe('line 499');

    const table = capOutput(
      {
        kind: 'table',
        columns: ['NAME', 'AGE'],
        rows: Array.from({ length: 500 }, (_, i) => [`pod-${i}`, '1d']),
      },
      max,
    );
    expect(size(table)).toBeLessThanOrEqual(max);
    expect((table as any).rows.at(-1)[0]).toMatch(/more rows not shown/);

    const text = capOutput({ kind: 'text', text: '"\\'.repeat(5000) }, max);
    expect(size(text)).toBeLessThanOrEqual(max);
    expect((text as any).text).toMatch(/output cut at 256 KB$/);

    const small = { kind: 'text' as const, text: 'ok' };
    expect(capOutput(small, max)).toBe(small);
  });
});
