import {
  literalValue,
  ShellSyntaxError,
  Token,
  tokenize,
  WordToken,
} from './tokenize';

/** Words as their values, `$(...)` and expansions shown by form; operators as `op:`. */
function shape(tokens: Token[]): string[] {
  return tokens.map(t => {
    if (t.type === 'operator') return `op:${t.fd ?? ''}${t.op}`;
    if (t.type === 'comment') return `#${t.text}`;
    return t.parts
      .map(p => {
        if (p.type === 'text') return p.value;
        if (p.type === 'command-substitution') return `<$(${p.source})>`;
        return `<${p.form}:${p.source}>`;
      })
      .join('');
  });
}

describe('tokenize', () => {
  it('removes quotes and keeps how each part was quoted', () => {
    const [word] = tokenize(`a'b c'"d\\"e"\\ f`) as WordToken[];
    expect(literalValue(word)).toBe('ab cd"e f');
    expect(word.text).toBe(`a'b c'"d\\"e"\\ f`);
    expect(word.parts.map(p => p.type === 'text' && p.quoting)).toEqual([
      'unquoted',
      'single-quoted',
      'double-quoted',
      'escaped',
      'unquoted',
    ]);
  });

  it('keeps backslashes inside single quotes and unknown escapes inside double quotes', () => {
    expect(shape(tokenize(`grep -i 'a\\|b' "c\\d"`))).toEqual([
      'grep',
      '-i',
      'a\\|b',
      'c\\d',
    ]);
  });

  it('reads operators, longest first, with file descriptors', () => {
    expect(shape(tokenize('a|b||c&&d;e&f>g>>h<i 2>&1 <<EOF &>j |& k'))).toEqual(
      [
        'a',
        'op:|',
        'b',
        'op:||',
        'c',
        'op:&&',
        'd',
        'op:;',
        'e',
        'op:&',
        'f',
        'op:>',
        'g',
        'op:>>',
        'h',
        'op:<',
        'i',
        'op:2>&',
        '1',
        'op:<<',
        'EOF',
        'op:&>',
        'j',
        'op:|&',
        'k',
      ],
    );
  });

  it('tokenizes $(...) recursively, inside and outside double quotes', () => {
    const tokens = tokenize(
      `kubectl logs job/$(kubectl get jobs -o jsonpath='{.items[-1].metadata.name}') "x$(date +%s)"`,
    ) as WordToken[];
    expect(shape(tokens)).toEqual([
      'kubectl',
      'logs',
      "job/<$(kubectl get jobs -o jsonpath='{.items[-1].metadata.name}')>",
      'x<$(date +%s)>',
    ]);
    const substitution = tokens[2].parts[1];
    expect(
      substitution.type === 'command-substitution' &&
        shape(substitution.tokens),
    ).toEqual([
      'kubectl',
      'get',
      'jobs',
      '-o',
      'jsonpath={.items[-1].metadata.name}',
    ]);
    expect(tokens[3].parts[1]).toMatchObject({
      type: 'command-substitution',
      quoted: true,
    });
  });

  it('finds the closing parenthesis of $(...) past quotes and nested parentheses', () => {
    expect(shape(tokenize(`a $(b ')' "(" $(c) (d)) e`))).toEqual([
      'a',
      `<$(b ')' "(" $(c) (d))>`,
      'e',
    ]);
  });

  it('keeps every other expansion as a part, never expanded', () => {
    expect(
      shape(
        tokenize(
          '$HOME ${X:-y} $1 $? $((1+2)) `id` $\'\\x41\' $"t" <(ls) "$PATH"',
        ),
      ),
    ).toEqual([
      '<parameter:$HOME>',
      '<parameter:${X:-y}>',
      '<parameter:$1>',
      '<parameter:$?>',
      '<arithmetic:$((1+2))>',
      '<backtick:`id`>',
      "<ansi-c-string:$'\\x41'>",
      '<locale-string:$"t">',
      '<process-substitution:<(ls)>',
      '<parameter:$PATH>',
    ]);
    expect(shape(tokenize("echo $ '$HOME' a$"))).toEqual([
      'echo',
      '$',
      '$HOME',
      'a$',
    ]);
  });

  it('reads comments only at the start of a word', () => {
    expect(shape(tokenize('kubectl get pods # why\n'))).toEqual([
      'kubectl',
      'get',
      'pods',
      '# why',
      'op:\n',
    ]);
    expect(shape(tokenize('echo a#b'))).toEqual(['echo', 'a#b']);
  });

  it('joins backslash-newline continuations and keeps empty quoted words', () => {
    expect(shape(tokenize('kubectl \\\nget "" \'\''))).toEqual([
      'kubectl',
      'get',
      '',
      '',
    ]);
  });

  it.each([
    ["echo 'open", 'a single quote is never closed'],
    ['echo "open', 'a double quote is never closed'],
    ['echo $(open', '`$(` is never closed'],
    ['echo `open', 'a backtick is never closed'],
    ['echo ${open', '`${` is never closed'],
    ['echo \\', 'lone `\\`'],
    ['echo $((1', '`$((` is never closed'],
    [`echo ${'$('.repeat(9)}${')'.repeat(9)}`, 'nested more than 8 levels'],
  ])('rejects %j', (text, message) => {
    expect(() => tokenize(text)).toThrow(ShellSyntaxError);
    expect(() => tokenize(text)).toThrow(message);
  });
});
