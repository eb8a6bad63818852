import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { HumanDuration } from '@backstage/types';
import { readOptionalDuration } from '../config';

/** How runs of runbook steps behave: `platformServices.runs`. */
export interface RunsConfig {
  /**
   * Environments whose actions need the service name typed to confirm, on top
   * of `prod` and `production`, which always do.
   */
  typedConfirmationEnvironments: string[];
  /** How long run records are kept. */
  retention: HumanDuration;
}

const KEY = 'platformServices.runs';

/** The environments that always need the service name typed. */
export const PRODUCTION_ENVIRONMENTS = ['prod', 'production'];

/** Reads `platformServices.runs`; errors name the key. */
export function readRunsConfig(config: Config): RunsConfig {
  const runs = config.getOptionalConfig(KEY);
  let typedConfirmationEnvironments = PRODUCTION_ENVIRONMENTS;
  if (runs?.has('typedConfirmationEnvironments')) {
    try {
      typedConfirmationEnvironments = runs.getStringArray(
        'typedConfirmationEnvironments',
      );
    } catch (e) {
      throw new InputError(
        `Invalid configuration at ${KEY}.typedConfirmationEnvironments: expected a list of environment names; ${
          (e as Error).message
        }`,
      );
    }
  }
  const retention = readOptionalDuration(runs, KEY, 'retention', {
    fallback: { days: 90 },
    example: 'P90D or { days: 90 }',
  });
  return {
    typedConfirmationEnvironments: [
      ...new Set([
        ...PRODUCTION_ENVIRONMENTS,
        ...typedConfirmationEnvironments,
      ]),
    ],
    retention,
  };
}
