import {
  CommandLine,
  parseCommandLine,
  ShellCommand,
} from './parseCommandLine';
import { literalValue, ShellSyntaxError } from './tokenize';

/** The line as nested arrays of program names, separators kept. */
function outline(line: CommandLine): unknown[] {
  return line.items.map(item => [
    item.pipeline.commands.map((c: ShellCommand) =>
      c.type === 'subshell'
        ? outline(c.body)
        : literalValue(c.words[0]) ?? c.words[0]?.text,
    ),
    item.separator ?? null,
  ]);
}

describe('parseCommandLine', () => {
  it('reads a pipeline', () => {
    const line = parseCommandLine(
      "kubectl get secret x -o jsonpath='{.data.password}' | base64 -d | head -c5",
    );
    expect(outline(line)).toEqual([[['kubectl', 'base64', 'head'], null]]);
    expect(line.items[0].pipeline.pipes).toEqual(['|', '|']);
  });

  it('reads lists with their separators, a trailing & included', () => {
    expect(
      outline(parseCommandLine("a | b; echo '...' && c || d & e &")),
    ).toEqual([
      [['a', 'b'], ';'],
      [['echo'], '&&'],
      [['c'], '||'],
      [['d'], '&'],
      [['e'], '&'],
    ]);
  });

  it('parses $(...) bodies into command lines', () => {
    const line = parseCommandLine(
      'kubectl logs job/$(kubectl get jobs -o name; rm -rf /) -n x',
    );
    const command = line.items[0].pipeline.commands[0];
    const part =
      command.type === 'simple' ? command.words[2].parts[1] : undefined;
    expect(part?.type).toBe('command-substitution');
    expect(part?.type === 'command-substitution' && outline(part.body)).toEqual(
      [
        [['kubectl'], ';'],
        [['rm'], null],
      ],
    );
  });

  it('separates assignments and redirections from words', () => {
    const command = parseCommandLine('FOO=bar kubectl get pods 2>&1 > out')
      .items[0].pipeline.commands[0];
    expect(command).toMatchObject({
      type: 'simple',
      assignments: [{ text: 'FOO=bar' }],
      words: [{ text: 'kubectl' }, { text: 'get' }, { text: 'pods' }],
      redirections: [
        { op: '>&', fd: 2, target: { text: '1' } },
        { op: '>', target: { text: 'out' } },
      ],
    });
  });

  it('reads subshells and keeps a trailing comment', () => {
    const line = parseCommandLine('(kubectl get pods; id) | cat # note');
    expect(outline(line)).toEqual([
      [
        [
          [
            [['kubectl'], ';'],
            [['id'], null],
          ],
          'cat',
        ],
        null,
      ],
    ]);
    expect(line.comment).toBe(' note');
  });

  it('gives an empty list for an empty line or a comment', () => {
    expect(parseCommandLine('  # only a comment').items).toEqual([]);
  });

  it.each([
    ['| a', 'expected a command before `|`'],
    ['a |', 'expected a command before the end of the line'],
    ['a &&', 'expected a command after `&&`'],
    ['; a', 'expected a command before `;`'],
    ['a >', 'expected a file name after `>`'],
    ['(a', '`(` is never closed'],
    ['a )', 'unexpected `)`'],
  ])('rejects %j', (text, message) => {
    expect(() => parseCommandLine(text)).toThrow(ShellSyntaxError);
    expect(() => parseCommandLine(text)).toThrow(message);
  });
});
