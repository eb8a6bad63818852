import { parseLimit, parseRunRequest } from './request';

describe('RunRequest validation', () => {
  const valid = {
    runId: '0b7c5d2e-1f0a-4b8e-9c39-3f4a8e1d2c11',
    environment: 'dev',
    runbookId: 'schema-migration-job-fails-on-upgrade',
    stepIndex: 0,
    mode: 'run',
  };

  it('accepts a well-formed body', () => {
    expect(parseRunRequest(valid)).toEqual(valid);
    expect(
      parseRunRequest({ ...valid, mode: 'preview', confirmation: 'run' }),
    ).toMatchObject({ confirmation: 'run' });
  });

  it.each([
    [[], 'expected a JSON object'],
    [{ ...valid, runId: '' }, 'runId must be'],
    [{ ...valid, runId: 'a b' }, 'runId must be'],
    [{ ...valid, runId: 'x'.repeat(101) }, 'runId must be'],
    [{ ...valid, environment: '' }, 'environment must be'],
    [{ ...valid, environment: 3 }, 'environment must be'],
    [{ ...valid, runbookId: undefined }, 'runbookId must be'],
    [{ ...valid, stepIndex: -1 }, 'stepIndex must be'],
    [{ ...valid, stepIndex: 1.5 }, 'stepIndex must be'],
    [{ ...valid, stepIndex: '1' }, 'stepIndex must be'],
    [
      { ...valid, mode: 'execute' },
      'mode must be "preview" or "run", got "execute"',
    ],
    [{ ...valid, confirmation: 42 }, 'confirmation must be'],
    [{ ...valid, command: 'rm -rf /' }, 'unknown field "command"'],
  ])('refuses %j', (body, message) => {
    expect(() => parseRunRequest(body)).toThrow(message);
  });

  it('reads limits', () => {
    expect(parseLimit(undefined)).toBe(50);
    expect(parseLimit('10')).toBe(10);
    expect(() => parseLimit('0')).toThrow('limit');
    expect(() => parseLimit('201')).toThrow('limit');
    expect(() => parseLimit(['1', '2'])).toThrow('limit');
  });
});
