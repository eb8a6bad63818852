import {
  RunbookMatch,
  RunbookSignalMatch,
  Signal,
  slugify,
} from '@platform-services/plugin-platform-services-common';
import { runbookSignals, SignalPattern } from './runbookSignals';
import { RunbookInput } from './service';
import { SIGNALS } from './signals';

/** Points of a specific and of a generic signal. */
const WEIGHT = { specific: 3, generic: 1 } as const;
/** A pattern narrowed to the signal's own component or workload counts double. */
const SCOPED_FACTOR = 2;

/** The observed signals plus the broader ones they imply (same component and object). */
function withImplied(signals: ReadonlyArray<Signal>): Signal[] {
  const all = [...signals];
  for (const s of signals) {
    for (const implied of SIGNALS[s.id].implies ?? []) {
      if (!all.some(x => x.id === implied && x.component === s.component))
        all.push({ ...s, id: implied });
    }
  }
  return all;
}

function fits(pattern: SignalPattern, signal: Signal): boolean {
  if (signal.id !== pattern.id) return false;
  if (pattern.component !== undefined)
    return signal.component === pattern.component;
  if (pattern.workload !== undefined)
    return (
      signal.object?.name === pattern.workload ||
      signal.component === pattern.workload
    );
  return true;
}

function describe(m: RunbookSignalMatch): string {
  const where = [m.component, m.upstream && `upstream ${m.upstream}`].filter(
    Boolean,
  );
  return where.length ? `${m.signal} (${where.join(', ')})` : m.signal;
}

/**
 * Ranks runbooks by how well the signals they address explain the observed
 * ones. Each of a runbook's signal patterns that some observed signal fits
 * scores its weight (3 for a specific signal such as `pods-oomkilled`, 1 for
 * a generic one such as `pods-crashlooping`), doubled when the pattern is
 * narrowed to the same component or workload; a pattern narrowed to another
 * component does not fit. Ties go to the runbook with the larger share of its
 * signals present, then to catalog order. Runbooks that fit nothing are left
 * out.
 */
export function matchRunbooks(
  signals: ReadonlyArray<Signal>,
  runbooks: ReadonlyArray<RunbookInput>,
): RunbookMatch[] {
  const observed = withImplied(signals);
  const ranked = runbooks.map((runbook, index) => {
    const patterns = runbookSignals(runbook);
    const matched: RunbookSignalMatch[] = [];
    for (const pattern of patterns) {
      const signal = observed.find(s => fits(pattern, s));
      if (!signal) continue;
      const scoped =
        pattern.component !== undefined || pattern.workload !== undefined;
      matched.push({
        signal: pattern.id,
        ...(signal.component ? { component: signal.component } : {}),
        ...(signal.upstream ? { upstream: signal.upstream } : {}),
        source: pattern.source,
        ...(pattern.evidence ? { evidence: pattern.evidence } : {}),
        points:
          WEIGHT[SIGNALS[pattern.id].specificity] *
          (scoped ? SCOPED_FACTOR : 1),
      });
    }
    const score = matched.reduce((n, m) => n + m.points, 0);
    const how = patterns.some(p => p.source === 'declared')
      ? 'declared by the runbook'
      : 'inferred from its commands';
    const match: RunbookMatch = {
      runbookId: runbook.id ?? slugify(runbook.title),
      title: runbook.title,
      score,
      matched,
      signalCount: patterns.length,
      reason: `Observed ${matched.map(describe).join(', ')}: ${
        matched.length
      } of the ${patterns.length} signals it addresses (${how})`,
    };
    return {
      match,
      index,
      share: patterns.length ? matched.length / patterns.length : 0,
    };
  });
  return ranked
    .filter(r => r.match.score > 0)
    .sort(
      (a, b) =>
        b.match.score - a.match.score || b.share - a.share || a.index - b.index,
    )
    .map(r => r.match);
}
