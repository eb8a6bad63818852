/**
 * A lexer for the POSIX-shell-like syntax runbook commands are written in.
 *
 * It only describes the text: nothing is expanded, substituted or run. Quotes
 * are removed from words but remembered, so that the classifier can tell a
 * quoted `*` from a glob, and every `$…` or backtick form is kept as its own
 * word part for the classifier to judge.
 */

/** How a piece of a word was written. @public */
export type Quoting =
  | 'unquoted'
  | 'single-quoted'
  | 'double-quoted'
  | 'escaped';

/**
 * A shell expansion other than `$(...)`. None is ever evaluated; the
 * classifier refuses every one of them.
 *
 * @public
 */
export type ExpansionForm =
  /** `$NAME`, `${...}`, `$1`, `$?`… */
  | 'parameter'
  /** `$(( ... ))` */
  | 'arithmetic'
  /** `` `...` `` */
  | 'backtick'
  /** `$'...'` */
  | 'ansi-c-string'
  /** `$"..."` */
  | 'locale-string'
  /** `<(...)` or `>(...)` */
  | 'process-substitution';

/** @public */
export type WordPart =
  | { type: 'text'; value: string; quoting: Quoting }
  | {
      type: 'command-substitution';
      /** The text between `$(` and `)`. */
      source: string;
      /** That text, tokenized. */
      tokens: Token[];
      quoted: boolean;
    }
  | { type: 'expansion'; form: ExpansionForm; source: string; quoted: boolean };

/** A shell word: the text as written and its parts with quotes removed. @public */
export interface WordToken {
  type: 'word';
  /** The word exactly as written, quotes included. */
  text: string;
  parts: WordPart[];
  /** Offset of the first character in the tokenized text. */
  start: number;
}

/** @public */
export type ShellOperator =
  | '|'
  | '|&'
  | '||'
  | '&&'
  | '&'
  | ';'
  | ';;'
  | '\n'
  | '('
  | ')'
  | RedirectionOperator;

/** @public */
export type RedirectionOperator =
  | '<'
  | '>'
  | '>>'
  | '>|'
  | '<>'
  | '<&'
  | '>&'
  | '&>'
  | '&>>'
  | '<<'
  | '<<-'
  | '<<<';

/** @public */
export interface OperatorToken {
  type: 'operator';
  op: ShellOperator;
  /** The file descriptor written before a redirection, as in `2>`. */
  fd?: number;
  start: number;
}

/** A `#` comment up to the end of the line. @public */
export interface CommentToken {
  type: 'comment';
  text: string;
  start: number;
}

/** @public */
export type Token = WordToken | OperatorToken | CommentToken;

/** Text the lexer cannot read, such as an unterminated quote. @public */
export class ShellSyntaxError extends Error {
  readonly name = 'ShellSyntaxError';
  constructor(message: string, readonly position: number) {
    super(message);
  }
}

/** How deeply `$(...)` may nest before the text is rejected. */
const MAX_NESTING = 8;

const OPERATORS: ShellOperator[] = [
  // longest first, so that `>>` is not read as two `>`
  '&>>',
  '<<-',
  '<<<',
  '||',
  '|&',
  '&&',
  ';;',
  '>>',
  '>|',
  '<>',
  '<&',
  '>&',
  '&>',
  '<<',
  '|',
  '&',
  ';',
  '(',
  ')',
  '<',
  '>',
];

const REDIRECTIONS = new Set<string>([
  '<',
  '>',
  '>>',
  '>|',
  '<>',
  '<&',
  '>&',
  '&>',
  '&>>',
  '<<',
  '<<-',
  '<<<',
]);

/** Special parameters: `$@ $* $# $? $- $$ $!` and `$0`…`$9`. */
const SPECIAL_PARAMETER = /[@*#?$!\-0-9]/;
const NAME_START = /[A-Za-z_]/;
const NAME_CHAR = /[A-Za-z0-9_]/;
/** In double quotes a backslash escapes only these. */
const DOUBLE_QUOTE_ESCAPABLE = new Set(['$', '`', '"', '\\', '\n']);

class Lexer {
  private pos: number;
  private readonly tokens: Token[] = [];
  private word: WordToken | undefined;
  /** `(` operators opened and not yet closed inside this `$(...)`. */
  private openParens = 0;

  constructor(
    private readonly src: string,
    start: number,
    private readonly depth: number,
  ) {
    this.pos = start;
  }

  /**
   * Reads tokens up to the end of the text, or, inside `$(...)`, up to the
   * `)` that closes it; returns the position where it stopped.
   */
  run(): { tokens: Token[]; end: number } {
    const { src } = this;
    const inSubstitution = this.depth > 0;
    while (this.pos < src.length) {
      const c = src[this.pos];
      if (c === ')' && inSubstitution && this.openParens === 0) {
        this.endWord();
        return { tokens: this.tokens, end: this.pos };
      }
      if (c === ' ' || c === '\t') {
        this.endWord();
        this.pos++;
      } else if (c === '#' && !this.word) {
        this.comment();
      } else if (c === '\\') {
        this.backslash();
      } else if (c === "'") {
        this.singleQuoted();
      } else if (c === '"') {
        this.doubleQuoted();
      } else if (c === '$') {
        this.dollar(false);
      } else if (c === '`') {
        this.backtick(false);
      } else if ((c === '<' || c === '>') && src[this.pos + 1] === '(') {
        this.processSubstitution();
      } else if (
        c === '\n' ||
        OPERATORS.some(op => src.startsWith(op, this.pos))
      ) {
        this.operator();
      } else {
        this.text(c, 'unquoted');
        this.pos++;
      }
    }
    if (inSubstitution) {
      throw new ShellSyntaxError('`$(` is never closed by `)`', this.pos);
    }
    this.endWord();
    return { tokens: this.tokens, end: this.pos };
  }

  private currentWord(): WordToken {
    if (!this.word) {
      this.word = { type: 'word', text: '', parts: [], start: this.pos };
    }
    return this.word;
  }

  private text(value: string, quoting: Quoting) {
    const parts = this.currentWord().parts;
    const last = parts[parts.length - 1];
    if (last?.type === 'text' && last.quoting === quoting) last.value += value;
    else parts.push({ type: 'text', value, quoting });
  }

  private part(part: WordPart) {
    this.currentWord().parts.push(part);
  }

  private endWord() {
    if (!this.word) return;
    this.word.text = this.src.slice(this.word.start, this.pos);
    this.tokens.push(this.word);
    this.word = undefined;
  }

  private comment() {
    const end = this.src.indexOf('\n', this.pos);
    const stop = end === -1 ? this.src.length : end;
    this.tokens.push({
      type: 'comment',
      text: this.src.slice(this.pos + 1, stop),
      start: this.pos,
    });
    this.pos = stop;
  }

  private backslash() {
    const next = this.src[this.pos + 1];
    if (next === undefined) {
      throw new ShellSyntaxError('the text ends with a lone `\\`', this.pos);
    }
    // `\` + newline is a line continuation: both disappear.
    if (next !== '\n') this.text(next, 'escaped');
    this.pos += 2;
  }

  private singleQuoted() {
    const close = this.src.indexOf("'", this.pos + 1);
    if (close === -1) {
      throw new ShellSyntaxError('a single quote is never closed', this.pos);
    }
    this.currentWord();
    this.text(this.src.slice(this.pos + 1, close), 'single-quoted');
    this.pos = close + 1;
  }

  private doubleQuoted() {
    const open = this.pos;
    const parts = this.currentWord().parts;
    const partsBefore = parts.length;
    this.pos++;
    while (this.pos < this.src.length) {
      const c = this.src[this.pos];
      if (c === '"') {
        // `""` is still a word, an empty one.
        if (parts.length === partsBefore) this.text('', 'double-quoted');
        this.pos++;
        return;
      }
      if (c === '\\' && DOUBLE_QUOTE_ESCAPABLE.has(this.src[this.pos + 1])) {
        const next = this.src[this.pos + 1];
        if (next !== '\n') this.text(next, 'double-quoted');
        this.pos += 2;
      } else if (c === '$') {
        this.dollar(true);
      } else if (c === '`') {
        this.backtick(true);
      } else {
        this.text(c, 'double-quoted');
        this.pos++;
      }
    }
    throw new ShellSyntaxError('a double quote is never closed', open);
  }

  private dollar(quoted: boolean) {
    const { src } = this;
    const start = this.pos;
    const next = src[start + 1];
    if (next === '(' && src[start + 2] === '(') {
      const end = this.closingParens(start + 3, 2);
      this.part({
        type: 'expansion',
        form: 'arithmetic',
        source: src.slice(start, end),
        quoted,
      });
      this.pos = end;
    } else if (next === '(') {
      const inner = this.substitution(start + 2);
      this.part({
        type: 'command-substitution',
        source: src.slice(start + 2, inner.end),
        tokens: inner.tokens,
        quoted,
      });
      this.pos = inner.end + 1;
    } else if (next === '{') {
      const close = src.indexOf('}', start + 2);
      if (close === -1) {
        throw new ShellSyntaxError('`${` is never closed by `}`', start);
      }
      this.expansion('parameter', start, close + 1, quoted);
    } else if (next === "'" && !quoted) {
      this.expansion(
        'ansi-c-string',
        start,
        this.closingQuote(start + 1),
        quoted,
      );
    } else if (next === '"' && !quoted) {
      this.expansion(
        'locale-string',
        start,
        this.closingQuote(start + 1),
        quoted,
      );
    } else if (next !== undefined && NAME_START.test(next)) {
      let end = start + 2;
      while (end < src.length && NAME_CHAR.test(src[end])) end++;
      this.expansion('parameter', start, end, quoted);
    } else if (next !== undefined && SPECIAL_PARAMETER.test(next)) {
      this.expansion('parameter', start, start + 2, quoted);
    } else {
      // A `$` that starts nothing is an ordinary character.
      this.text('$', quoted ? 'double-quoted' : 'unquoted');
      this.pos++;
    }
  }

  private expansion(
    form: ExpansionForm,
    start: number,
    end: number,
    quoted: boolean,
  ) {
    this.part({
      type: 'expansion',
      form,
      source: this.src.slice(start, end),
      quoted,
    });
    this.pos = end;
  }

  private substitution(start: number) {
    if (this.depth + 1 > MAX_NESTING) {
      throw new ShellSyntaxError(
        `\`$(\` is nested more than ${MAX_NESTING} levels deep`,
        start,
      );
    }
    return new Lexer(this.src, start, this.depth + 1).run();
  }

  private backtick(quoted: boolean) {
    const start = this.pos;
    let end = start + 1;
    while (end < this.src.length && this.src[end] !== '`') {
      end += this.src[end] === '\\' ? 2 : 1;
    }
    if (end >= this.src.length) {
      throw new ShellSyntaxError('a backtick is never closed', start);
    }
    this.expansion('backtick', start, end + 1, quoted);
  }

  private processSubstitution() {
    const start = this.pos;
    const inner = this.substitution(start + 2);
    this.expansion('process-substitution', start, inner.end + 1, false);
  }

  /** End of a `'...'` or `"..."` starting at `open`, backslash escapes skipped. */
  private closingQuote(open: number): number {
    const quote = this.src[open];
    let i = open + 1;
    while (i < this.src.length && this.src[i] !== quote) {
      i += this.src[i] === '\\' ? 2 : 1;
    }
    if (i >= this.src.length) {
      throw new ShellSyntaxError(
        `a \`$${quote}\` string is never closed`,
        open,
      );
    }
    return i + 1;
  }

  /** End of `$((...))`: the position after the `))` that balances it. */
  private closingParens(from: number, open: number): number {
    let depth = open;
    for (let i = from; i < this.src.length; i++) {
      if (this.src[i] === '(') depth++;
      else if (this.src[i] === ')' && --depth === 0) return i + 1;
    }
    throw new ShellSyntaxError('`$((` is never closed by `))`', from - 3);
  }

  private operator() {
    const { src } = this;
    const op: ShellOperator =
      src[this.pos] === '\n'
        ? '\n'
        : OPERATORS.find(o => src.startsWith(o, this.pos))!;
    let fd: number | undefined;
    // `2>`: a word made only of unquoted digits, written right before a
    // redirection, is the redirection's file descriptor.
    const w = this.word;
    if (
      REDIRECTIONS.has(op) &&
      w &&
      w.parts.length === 1 &&
      w.parts[0].type === 'text' &&
      w.parts[0].quoting === 'unquoted' &&
      /^\d+$/.test(w.parts[0].value)
    ) {
      fd = Number(w.parts[0].value);
      this.word = undefined;
    }
    this.endWord();
    if (op === '(') this.openParens++;
    if (op === ')') this.openParens = Math.max(0, this.openParens - 1);
    this.tokens.push({
      type: 'operator',
      op,
      ...(fd !== undefined ? { fd } : {}),
      start: this.pos,
    });
    this.pos += op.length;
  }
}

/**
 * Splits a command line into shell words, operators and comments, the way a
 * POSIX shell would read it, without expanding or running anything.
 *
 * - `'...'` is literal; `"..."` keeps `\$ \` \" \\` escapes and may hold
 *   `$(...)`; an unquoted `\x` is a literal `x`; `\` + newline joins lines.
 * - `$(...)` is tokenized recursively and kept as a word part;
 *   `$VAR`, `${...}`, `$((...))`, backticks, `$'...'` and `<(...)` are kept as
 *   `expansion` parts for the caller to refuse.
 * - Operators: `| || && ; & ( )`, newline, and redirections
 *   (`> >> < << <<< >& &> 2>`…) with their file descriptor.
 *
 * @throws ShellSyntaxError for an unterminated quote or substitution.
 * @public
 */
export function tokenize(command: string): Token[] {
  return new Lexer(command, 0, 0).run().tokens;
}

/**
 * The word's value when it is made of text only (quotes removed), or
 * `undefined` when any part of it would be expanded by a shell.
 */
export function literalValue(word: {
  parts: ReadonlyArray<
    | Extract<WordPart, { type: 'text' }>
    | { type: 'command-substitution' | 'expansion' }
  >;
}): string | undefined {
  let value = '';
  for (const part of word.parts) {
    if (part.type !== 'text') return undefined;
    value += part.value;
  }
  return value;
}
