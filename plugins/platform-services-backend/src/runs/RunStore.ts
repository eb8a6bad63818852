import { RunRecord } from '@platform-services/plugin-platform-services-common';

/** Where runs of runbook steps are kept. */
export interface RunStore {
  /** Stores a new run; `false` when the run id is taken (nothing is written). */
  insert(record: RunRecord): Promise<boolean>;
  get(runId: string): Promise<RunRecord | undefined>;
  /**
   * Moves a previewed action to `running` for the caller who confirmed it;
   * `false` when it is not previewed any more (someone else ran it).
   */
  claim(
    runId: string,
    changes: Pick<RunRecord, 'actor' | 'requestedAt' | 'progress'>,
  ): Promise<boolean>;
  /** Writes the record's current state. */
  update(record: RunRecord): Promise<void>;
  /** The runs of a service, newest first. */
  list(query: {
    service: string;
    environment?: string;
    limit: number;
  }): Promise<RunRecord[]>;
  /** Deletes runs requested before `date`; returns how many. */
  deleteOlderThan(date: Date): Promise<number>;
}
