/**
 * How the parsers of kubectl, flux and filter commands stop early: they throw
 * the class and reason of the step, and `classifyStep` turns it into a plan.
 */
import { ScopeTouch } from './scope';

export class StepVerdict extends Error {
  constructor(
    readonly outcome: 'manual' | 'refused',
    readonly reason: string,
    /** For a manual step: what it would touch, checked against the scope. */
    readonly touches: ScopeTouch[] = [],
    /** The step would reveal a secret value; said first among reasons. */
    readonly revealsSecret = false,
  ) {
    super(reason);
  }
}

/** The portal will not run the step, but shows it to copy. */
export function manual(
  reason: string,
  touches: ScopeTouch[] = [],
): StepVerdict {
  return new StepVerdict('manual', reason, touches);
}

/** The step must not be run, by the portal or from it. */
export function refuse(reason: string): StepVerdict {
  return new StepVerdict('refused', reason);
}

/** Refused because it would reveal a secret value. */
export function refuseSecret(reason: string): StepVerdict {
  return new StepVerdict('refused', reason, [], true);
}
