import { LoggerService } from '@backstage/backend-plugin-api';
import { HumanDuration } from '@backstage/types';
import { RunStore } from './RunStore';

const MS: Record<keyof HumanDuration, number> = {
  years: 365 * 24 * 3600_000,
  months: 30 * 24 * 3600_000,
  weeks: 7 * 24 * 3600_000,
  days: 24 * 3600_000,
  hours: 3600_000,
  minutes: 60_000,
  seconds: 1000,
  milliseconds: 1,
};

/** A duration in milliseconds (months as 30 days, years as 365). */
export function durationMs(duration: HumanDuration): number {
  return (Object.keys(MS) as Array<keyof HumanDuration>).reduce(
    (total, unit) => total + (duration[unit] ?? 0) * MS[unit],
    0,
  );
}

/**
 * The task that forgets runs older than the retention
 * (`platformServices.runs.retention`, default 90 days), for the scheduler.
 */
export function runsRetentionTask(options: {
  store: RunStore;
  retention: HumanDuration;
  logger?: LoggerService;
  now?: () => Date;
}): () => Promise<void> {
  const keepMs = durationMs(options.retention);
  return async () => {
    const now = options.now?.() ?? new Date();
    const deleted = await options.store.deleteOlderThan(
      new Date(now.getTime() - keepMs),
    );
    if (deleted > 0) {
      options.logger?.info(
        `Deleted ${deleted} runbook runs older than the retention`,
      );
    }
  };
}
