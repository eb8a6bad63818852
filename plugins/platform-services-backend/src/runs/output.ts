/**
 * Outputs of runs: kubectl-style text tables, YAML and JSON of objects, the
 * lines filters work on, and the size bound on what is stored and returned.
 */
import {
  OutputFilter,
  RunOutput,
} from '@platform-services/plugin-platform-services-common';
import { stringify } from 'yaml';
import { applyFilters } from './filters';

/** A table as kubectl prints it: columns padded to the widest cell, three spaces apart. */
export function tableText(columns: string[], rows: string[][]): string[] {
  const widths = columns.map((c, i) =>
    Math.max(c.length, ...rows.map(r => (r[i] ?? '').length)),
  );
  const line = (cells: string[]) =>
    cells
      .map((cell, i) =>
        i === cells.length - 1 ? cell : cell.padEnd(widths[i]),
      )
      .join('   ')
      .trimEnd();
  return [line(columns), ...rows.map(line)];
}

/** The lines of an output, as a shell pipe would see them. */
export function outputLines(output: RunOutput): string[] {
  switch (output.kind) {
    case 'table':
      return tableText(output.columns, output.rows);
    case 'log':
      return output.lines;
    default: {
      const text = output.text.endsWith('\n')
        ? output.text.slice(0, -1)
        : output.text;
      return text === '' ? [] : text.split('\n');
    }
  }
}

/**
 * The output after the step's filters. Without filters it keeps its shape;
 * with them it becomes the filtered text (logs stay logs), as the operator
 * would see it in a terminal.
 */
export function filterOutput(
  output: RunOutput,
  filters: OutputFilter[],
): RunOutput {
  if (filters.length === 0) return output;
  const lines = applyFilters(outputLines(output), filters);
  if (output.kind === 'log') {
    return {
      kind: 'log',
      lines,
      ...(output.truncated ? { truncated: true } : {}),
    };
  }
  return { kind: 'text', text: lines.join('\n') };
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Keys sorted at every level, as kubectl prints unstructured objects. */
export function sortedKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortedKeys);
  if (isObject(value)) {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(value).sort()) out[k] = sortedKeys(value[k]);
    return out;
  }
  return value;
}

/** `-o yaml`. */
export function yamlText(value: unknown): string {
  return stringify(sortedKeys(value), { lineWidth: 0 });
}

/** `-o json`: four spaces, as kubectl indents. */
export function jsonText(value: unknown): string {
  return `${JSON.stringify(sortedKeys(value), null, 4)}\n`;
}

/** The most a run's output may take, stored or returned (256 KB). */
export const MAX_OUTPUT_BYTES = 256 * 1024;

function bytes(value: unknown): number {
  return Buffer.byteLength(JSON.stringify(value));
}

function cutText(text: string, max: number): string {
  const cut = Buffer.from(text, 'utf8').subarray(0, max).toString('utf8');
  return cut.replace(/\uFFFD$/, '');
}

/**
 * Bounds an output to `maxBytes` of JSON: logs keep their last lines, tables
 * their first rows, text its beginning; a note says what was left out.
 */
export function capOutput(
  output: RunOutput,
  maxBytes = MAX_OUTPUT_BYTES,
): RunOutput {
  if (bytes(output) <= maxBytes) return output;
  switch (output.kind) {
    case 'log': {
      const lines: string[] = [];
      let size = 64;
      for (let i = output.lines.length - 1; i >= 0; i--) {
        size += Buffer.byteLength(JSON.stringify(output.lines[i])) + 1;
        if (size > maxBytes) break;
        lines.unshift(output.lines[i]);
      }
      return { kind: 'log', lines, truncated: true };
    }
    case 'table': {
      const rows: string[][] = [];
      let size = bytes(output.columns) + 128;
      for (const row of output.rows) {
        size += bytes(row) + 1;
        if (size > maxBytes) break;
        rows.push(row);
      }
      const left = output.rows.length - rows.length;
      const note = [
        `… ${left} more rows not shown`,
        ...output.columns.slice(1).map(() => ''),
      ];
      return { kind: 'table', columns: output.columns, rows: [...rows, note] };
    }
    default: {
      const note = '\n… output cut at 256 KB';
      const text = cutText(output.text, Math.max(0, maxBytes - 256));
      // JSON escaping can make the text longer than its bytes; cut until it fits.
      let bounded = text;
      while (
        bounded.length > 0 &&
        bytes({ ...output, text: bounded + note }) > maxBytes
      ) {
        bounded = bounded.slice(0, Math.floor(bounded.length * 0.9));
      }
      return { ...output, text: bounded + note };
    }
  }
}
