/**
 * A runbook script split into the steps an operator would run one by one.
 * Nothing here runs anything: the text is only split into lines.
 */

/** @public */
export interface RunbookStep {
  /** Position in the runbook, from 0. */
  index: number;
  /** The command exactly as written (continuation lines joined). */
  command: string;
  /** 1-based line of the script where the command starts. */
  line: number;
  /**
   * The `#` comment lines written just above this command, without the `#`.
   * A comment explains the commands after it, so only the first command of
   * the group carries it.
   */
  comments: string[];
}

/** @public */
export interface ParsedRunbookScript {
  steps: RunbookStep[];
  /** Comment lines after the last command, if any. */
  trailingComments: string[];
}

function commentText(line: string): string {
  return line.replace(/^\s*#\s?/, '').trimEnd();
}

/**
 * Splits a runbook script into ordered steps: one per command line (a line
 * ending in `\` continues on the next), each with the comment lines that
 * precede it. Blank lines separate nothing but are allowed anywhere.
 *
 * @public
 */
export function parseRunbookScript(script: string): ParsedRunbookScript {
  const lines = script.replace(/\r\n?/g, '\n').split('\n');
  const steps: RunbookStep[] = [];
  let pending: string[] = [];

  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i];
    const trimmed = raw.trim();
    if (trimmed === '') continue;
    if (trimmed.startsWith('#')) {
      pending.push(commentText(raw));
      continue;
    }
    const line = i + 1;
    let command = raw.trim();
    while (command.endsWith('\\') && i + 1 < lines.length) {
      i++;
      command = `${command.slice(0, -1).trimEnd()} ${lines[i].trim()}`;
    }
    steps.push({ index: steps.length, command, line, comments: pending });
    pending = [];
  }
  return { steps, trailingComments: pending };
}
