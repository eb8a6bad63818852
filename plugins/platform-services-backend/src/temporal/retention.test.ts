import { compareRetention, formatRetention, parseRetention } from './retention';

describe('parseRetention', () => {
  it.each([
    ['72h', 259200],
    ['3d', 259200],
    ['1d12h', 129600],
    ['72h0m0s', 259200],
    ['90m', 5400],
    ['45s', 45],
    [' 7d ', 604800],
  ])('reads %s', (text, seconds) => {
    expect(parseRetention(text)).toBe(seconds);
  });

  it.each(['', '3', '3w', 'h', '0d', '1h3d', 'P3D', '-1d', '1.5h'])(
    'refuses %j',
    text => {
      expect(parseRetention(text)).toBeUndefined();
    },
  );
});

describe('formatRetention', () => {
  it.each([
    [259200, '3d'],
    [129600, '36h'],
    [5400, '90m'],
    [45, '45s'],
    [0, '0s'],
  ])('writes %d as %s', (seconds, text) => {
    expect(formatRetention(seconds)).toBe(text);
  });
});

describe('compareRetention', () => {
  it('matches equal durations written differently', () => {
    expect(compareRetention('72h', 'registered', 259200)).toEqual({
      declared: '72h',
      declaredSeconds: 259200,
      liveSeconds: 259200,
      live: '3d',
      outcome: 'match',
    });
  });

  it('reports a mismatch', () => {
    expect(compareRetention('7d', 'registered', 259200).outcome).toBe(
      'mismatch',
    );
  });

  it('says not-set when nothing is declared', () => {
    expect(compareRetention(undefined, 'registered', 86400)).toEqual({
      liveSeconds: 86400,
      live: '1d',
      outcome: 'not-set',
    });
  });

  it('says not-found for a missing or deleted namespace', () => {
    expect(compareRetention('3d', 'not-found', undefined).outcome).toBe(
      'not-found',
    );
    expect(compareRetention('3d', 'deleted', 259200).outcome).toBe('not-found');
  });

  it('says unknown when the namespace could not be read', () => {
    expect(compareRetention('3d', 'unknown', undefined).outcome).toBe(
      'unknown',
    );
  });
});
