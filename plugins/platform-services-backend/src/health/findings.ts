import type {
  HealthCheck,
  Signal,
} from '@platform-services/plugin-platform-services-common';

/** What one area of the evaluation found: its checks and the symptoms they show. */
export interface Finding {
  checks: HealthCheck[];
  signals: Signal[];
}

/** Concatenates findings in order. */
export function combineFindings(findings: ReadonlyArray<Finding>): Finding {
  return {
    checks: findings.flatMap(f => f.checks),
    signals: findings.flatMap(f => f.signals),
  };
}

/**
 * The first paragraph of a controller message, on one line. Helm failures
 * from helm-controller append "Last Helm logs:" after a blank line.
 */
export function firstParagraph(message: string): string {
  return message
    .trim()
    .split(/\n\s*\n/)[0]
    .replace(/\s*\n\s*/g, ' ');
}

/** The non-empty lines after the first paragraph. */
export function restOfMessage(message: string): string[] {
  const paragraphs = message.trim().split(/\n\s*\n/);
  return paragraphs
    .slice(1)
    .flatMap(p => p.split('\n'))
    .map(l => l.trim())
    .filter(l => l !== '');
}

/** Text ending in a full stop (unless it already ends in punctuation). */
export function sentence(text: string): string {
  const t = text.trim();
  return /[.!?)]$/.test(t) ? t : `${t}.`;
}

/** `1 pod`, `2 pods`. */
export function count(n: number, noun: string, plural = `${noun}s`): string {
  return `${n} ${n === 1 ? noun : plural}`;
}

/** A duration for humans: `45s`, `25m`, `2h 5m`, `3d 4h`. */
export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m`;
  const h = Math.floor(m / 60);
  if (h < 24) return m % 60 ? `${h}h ${m % 60}m` : `${h}h`;
  const d = Math.floor(h / 24);
  return h % 24 ? `${d}d ${h % 24}h` : `${d}d`;
}

/**
 * Milliseconds from an RFC 3339 time to `now`; undefined without a valid
 * time, or for a time after `now` (clock skew, unshifted fixtures), so that
 * callers treat the age as unknown rather than as "just now".
 */
export function ageOf(time: string | undefined, now: Date): number | undefined {
  if (!time) return undefined;
  const at = Date.parse(time);
  if (Number.isNaN(at) || at > now.getTime()) return undefined;
  return now.getTime() - at;
}
