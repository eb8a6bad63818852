/**
 * The shell grammar of one command line, as an AST: a list of pipelines
 * joined by `;`, `&`, `&&`, `||` or newlines, each pipeline a chain of
 * commands joined by `|`. `$(...)` bodies are parsed the same way. Nothing is
 * expanded or run.
 */
import {
  OperatorToken,
  RedirectionOperator,
  ShellSyntaxError,
  Token,
  tokenize,
  WordPart,
  WordToken,
} from './tokenize';

/** A word part, with a `$(...)` body parsed into its own command line. @public */
export type ShellWordPart =
  | Exclude<WordPart, { type: 'command-substitution' }>
  | {
      type: 'command-substitution';
      source: string;
      body: CommandLine;
      quoted: boolean;
    };

/** @public */
export interface ShellWord {
  /** The word exactly as written. */
  text: string;
  parts: ShellWordPart[];
}

/** @public */
export interface Redirection {
  op: RedirectionOperator;
  fd?: number;
  /** The file, descriptor or here-document delimiter. */
  target: ShellWord;
}

/** `NAME=value words...`, with its redirections wherever they were written. @public */
export interface SimpleCommand {
  type: 'simple';
  /** Leading `NAME=value` words: environment assignments. */
  assignments: ShellWord[];
  /** The program and its arguments. */
  words: ShellWord[];
  redirections: Redirection[];
}

/** `( list )`. @public */
export interface Subshell {
  type: 'subshell';
  body: CommandLine;
  redirections: Redirection[];
}

/** @public */
export type ShellCommand = SimpleCommand | Subshell;

/** Commands joined by `|` (or `|&`). @public */
export interface Pipeline {
  commands: ShellCommand[];
  /** The operator before each command after the first. */
  pipes: Array<'|' | '|&'>;
}

/** @public */
export type ListSeparator = ';' | '&' | '&&' | '||' | '\n';

/** @public */
export interface ListItem {
  pipeline: Pipeline;
  /** What follows the pipeline, if anything. `&` runs it in the background. */
  separator?: ListSeparator;
}

/** A whole command line. @public */
export interface CommandLine {
  items: ListItem[];
  /** Text of a trailing `#` comment, if any. */
  comment?: string;
}

const SEPARATORS = new Set<string>([';', '&', '&&', '||', '\n']);
const ASSIGNMENT = /^[A-Za-z_][A-Za-z0-9_]*=/;

function shellWord(token: WordToken): ShellWord {
  return {
    text: token.text,
    parts: token.parts.map(part =>
      part.type === 'command-substitution'
        ? {
            type: 'command-substitution',
            source: part.source,
            body: parseTokens(part.tokens),
            quoted: part.quoted,
          }
        : part,
    ),
  };
}

function isAssignment(word: ShellWord): boolean {
  const first = word.parts[0];
  return (
    first?.type === 'text' &&
    first.quoting === 'unquoted' &&
    ASSIGNMENT.test(first.value)
  );
}

function describe(token: Token | undefined): string {
  if (!token) return 'the end of the line';
  if (token.type === 'operator') {
    return token.op === '\n' ? 'a newline' : `\`${token.op}\``;
  }
  return token.type === 'word' ? `\`${token.text}\`` : 'a comment';
}

class Parser {
  private i = 0;
  private comment: string | undefined;

  constructor(private readonly tokens: Token[]) {}

  parse(): CommandLine {
    const items: ListItem[] = [];
    this.skipNewlines();
    while (this.peek()) {
      const pipeline = this.pipeline();
      const next = this.peek();
      if (next?.type === 'operator' && SEPARATORS.has(next.op)) {
        this.i++;
        items.push({ pipeline, separator: next.op as ListSeparator });
        if (next.op === '&&' || next.op === '||') {
          this.skipNewlines();
          if (!this.peek()) {
            throw this.error(`expected a command after \`${next.op}\``, next);
          }
        }
      } else if (next) {
        throw this.error(`unexpected ${describe(next)}`, next);
      } else {
        items.push({ pipeline });
      }
    }
    return {
      items,
      ...(this.comment !== undefined ? { comment: this.comment } : {}),
    };
  }

  private peek(): WordToken | OperatorToken | undefined {
    while (this.tokens[this.i]?.type === 'comment') {
      this.comment = (this.tokens[this.i] as { text: string }).text;
      this.i++;
    }
    return this.tokens[this.i] as WordToken | OperatorToken | undefined;
  }

  private skipNewlines() {
    let t = this.peek();
    while (t?.type === 'operator' && t.op === '\n') {
      this.i++;
      t = this.peek();
    }
  }

  private error(message: string, at: Token | undefined) {
    return new ShellSyntaxError(message, at?.start ?? -1);
  }

  private pipeline(): Pipeline {
    const commands = [this.command()];
    const pipes: Pipeline['pipes'] = [];
    let next = this.peek();
    while (next?.type === 'operator' && (next.op === '|' || next.op === '|&')) {
      this.i++;
      pipes.push(next.op);
      this.skipNewlines();
      commands.push(this.command());
      next = this.peek();
    }
    return { commands, pipes };
  }

  private command(): ShellCommand {
    const first = this.peek();
    if (first?.type === 'operator' && first.op === '(') {
      this.i++;
      const start = this.i;
      let depth = 1;
      while (this.i < this.tokens.length) {
        const t = this.tokens[this.i];
        if (t.type === 'operator' && t.op === '(') depth++;
        if (t.type === 'operator' && t.op === ')' && --depth === 0) break;
        this.i++;
      }
      if (depth !== 0) throw this.error('`(` is never closed by `)`', first);
      const body = new Parser(this.tokens.slice(start, this.i)).parse();
      this.i++;
      return { type: 'subshell', body, redirections: this.redirections() };
    }

    const command: SimpleCommand = {
      type: 'simple',
      assignments: [],
      words: [],
      redirections: [],
    };
    for (let t = this.peek(); t; t = this.peek()) {
      if (t.type === 'word') {
        this.i++;
        const word = shellWord(t);
        if (command.words.length === 0 && isAssignment(word)) {
          command.assignments.push(word);
        } else {
          command.words.push(word);
        }
      } else if (this.isRedirection(t)) {
        command.redirections.push(this.redirection(t));
      } else {
        break;
      }
    }
    if (
      command.words.length === 0 &&
      command.assignments.length === 0 &&
      command.redirections.length === 0
    ) {
      const at = this.peek();
      throw this.error(`expected a command before ${describe(at)}`, at);
    }
    return command;
  }

  private isRedirection(t: OperatorToken): boolean {
    return !SEPARATORS.has(t.op) && !['|', '|&', '(', ')', ';;'].includes(t.op);
  }

  private redirection(t: OperatorToken): Redirection {
    this.i++;
    const target = this.peek();
    if (target?.type !== 'word') {
      throw this.error(`expected a file name after \`${t.op}\``, target ?? t);
    }
    this.i++;
    return {
      op: t.op as RedirectionOperator,
      ...(t.fd !== undefined ? { fd: t.fd } : {}),
      target: shellWord(target),
    };
  }

  private redirections(): Redirection[] {
    const list: Redirection[] = [];
    for (
      let t = this.peek();
      t?.type === 'operator' && this.isRedirection(t);
      t = this.peek()
    ) {
      list.push(this.redirection(t));
    }
    return list;
  }
}

function parseTokens(tokens: Token[]): CommandLine {
  return new Parser(tokens).parse();
}

/**
 * Parses one command line (or already tokenized text) into lists, pipelines
 * and simple commands. `$(...)` bodies become nested command lines. An empty
 * line gives an empty list.
 *
 * @throws ShellSyntaxError for text a shell would reject: an unterminated
 * quote, `|` with nothing before or after it, a redirection without a target.
 * @public
 */
export function parseCommandLine(command: string | Token[]): CommandLine {
  return parseTokens(typeof command === 'string' ? tokenize(command) : command);
}
