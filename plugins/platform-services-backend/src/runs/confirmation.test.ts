import { ConfigReader } from '@backstage/config';
import { readRunsConfig } from './config';
import {
  confirms,
  isProductionLike,
  requiredConfirmation,
} from './confirmation';

describe('confirmations', () => {
  const typed = readRunsConfig(
    new ConfigReader({}),
  ).typedConfirmationEnvironments;

  it('asks for the service name in production-like environments and "run" elsewhere', () => {
    expect(requiredConfirmation('temporal', 'prod', typed)).toBe('temporal');
    expect(requiredConfirmation('temporal', 'Production', typed)).toBe(
      'temporal',
    );
    expect(requiredConfirmation('temporal', 'dev', typed)).toBe('run');
    expect(isProductionLike('staging', ['prod', 'production', 'staging'])).toBe(
      true,
    );
  });

  it('accepts exactly the required text', () => {
    expect(confirms('temporal', 'temporal')).toBe(true);
    expect(confirms(' temporal ', 'temporal')).toBe(true);
    expect(confirms('Temporal', 'temporal')).toBe(false);
    expect(confirms('run', 'temporal')).toBe(false);
    expect(confirms(undefined, 'run')).toBe(false);
  });
});

describe('readRunsConfig', () => {
  it('defaults to prod and production, and 90 days of retention', () => {
    expect(readRunsConfig(new ConfigReader({}))).toEqual({
      typedConfirmationEnvironments: ['prod', 'production'],
      retention: { days: 90 },
    });
  });

  it('adds configured environments to prod and production, and reads the retention', () => {
    expect(
      readRunsConfig(
        new ConfigReader({
          platformServices: {
            runs: {
              typedConfirmationEnvironments: ['staging'],
              retention: { days: 30 },
            },
          },
        }),
      ),
    ).toEqual({
      typedConfirmationEnvironments: ['prod', 'production', 'staging'],
      retention: { days: 30 },
    });
    expect(
      readRunsConfig(
        new ConfigReader({ platformServices: { runs: { retention: 'P14D' } } }),
      ).retention,
    ).toEqual(expect.objectContaining({ days: 14 }));
  });

  it('names the key of a wrong value', () => {
    expect(() =>
      readRunsConfig(
        new ConfigReader({ platformServices: { runs: { retention: 'soon' } } }),
      ),
    ).toThrow('platformServices.runs.retention');
    expect(() =>
      readRunsConfig(
        new ConfigReader({
          platformServices: { runs: { typedConfirmationEnvironments: 'prod' } },
        }),
      ),
    ).toThrow('platformServices.runs.typedConfirmationEnvironments');
  });
});
