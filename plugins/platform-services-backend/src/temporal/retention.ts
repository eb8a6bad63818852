import type {
  TemporalNamespaceStatus,
  TemporalRetention,
} from '@platform-services/plugin-platform-services-common';

const UNIT_SECONDS = { d: 86_400, h: 3_600, m: 60, s: 1 } as const;
const RETENTION_PATTERN = /^(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/;

/**
 * Reads a retention the way Temporal's CLI and Helm chart write it: days,
 * hours, minutes and seconds in that order, e.g. `3d`, `72h`, `1d12h` or
 * `72h0m0s`. Returns whole seconds, or undefined for anything else.
 */
export function parseRetention(text: string): number | undefined {
  const match = RETENTION_PATTERN.exec(text.trim());
  if (!match || match.slice(1).every(part => part === undefined)) {
    return undefined;
  }
  const [, d, h, m, s] = match.map(part => Number(part ?? 0));
  const seconds =
    d * UNIT_SECONDS.d + h * UNIT_SECONDS.h + m * UNIT_SECONDS.m + s;
  return seconds > 0 ? seconds : undefined;
}

/** Writes seconds in the largest whole unit: `3d`, `36h`, `90m`, `45s`. */
export function formatRetention(seconds: number): string {
  for (const [unit, size] of Object.entries(UNIT_SECONDS)) {
    if (seconds >= size && seconds % size === 0) {
      return `${seconds / size}${unit}`;
    }
  }
  return `${seconds}s`;
}

/**
 * Compares the declared retention of a namespace with the live one.
 *
 * @param declared - the configured text, e.g. `72h`; validated at start-up
 * @param liveSeconds - from DescribeNamespace; undefined when not read
 */
export function compareRetention(
  declared: string | undefined,
  status: TemporalNamespaceStatus,
  liveSeconds: number | undefined,
): TemporalRetention {
  const declaredSeconds =
    declared === undefined ? undefined : parseRetention(declared);
  const live =
    liveSeconds === undefined ? undefined : formatRetention(liveSeconds);
  const base = {
    ...(declared !== undefined ? { declared, declaredSeconds } : {}),
    ...(liveSeconds !== undefined ? { liveSeconds, live } : {}),
  };
  if (status === 'not-found' || status === 'deleted') {
    return { ...base, outcome: 'not-found' };
  }
  if (declared === undefined) {
    return { ...base, outcome: 'not-set' };
  }
  if (liveSeconds === undefined || declaredSeconds === undefined) {
    return { ...base, outcome: 'unknown' };
  }
  return {
    ...base,
    outcome: liveSeconds === declaredSeconds ? 'match' : 'mismatch',
  };
}
