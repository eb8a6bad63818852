import {
  fixtureReferenceTime,
  rebaseGenerations,
  secondsSinceReference,
  shiftTimestamps,
} from './scenarioObjects.ts';

describe('rebaseGenerations', () => {
  const status = {
    observedGeneration: 1,
    lastAttemptedGeneration: 1,
    conditions: [
      { type: 'Ready', status: 'True', observedGeneration: 1 },
      { type: 'Stalled', status: 'False', observedGeneration: 0 },
      { type: 'Released', status: 'True' },
    ],
  };

  it('keeps the status when the server agrees with the fixture', () => {
    expect(rebaseGenerations(status, 1, 1)).toBe(status);
  });

  it('shifts observed generations by the server-side difference', () => {
    expect(rebaseGenerations(status, 1, 3)).toEqual({
      observedGeneration: 3,
      lastAttemptedGeneration: 3,
      conditions: [
        { type: 'Ready', status: 'True', observedGeneration: 3 },
        { type: 'Stalled', status: 'False', observedGeneration: 0 },
        { type: 'Released', status: 'True' },
      ],
    });
  });

  it('keeps a lag the fixture shows', () => {
    expect(rebaseGenerations({ observedGeneration: 1 }, 2, 5)).toEqual({
      observedGeneration: 4,
    });
  });
});

describe('shiftTimestamps', () => {
  it('moves every whole-string RFC 3339 time, keeping its fraction', () => {
    const status = {
      startTime: '2026-11-20T09:55:00Z',
      currentPrimaryTimestamp: '2026-11-18T08:41:12.482913Z',
      conditions: [
        { type: 'Ready', lastTransitionTime: '2026-11-20T09:00:00+01:00' },
      ],
      message: 'last sync at 2026-11-20T09:00:00Z',
      restartCount: 5,
    };
    expect(shiftTimestamps(status, 3600)).toEqual({
      startTime: '2026-11-20T10:55:00Z',
      currentPrimaryTimestamp: '2026-11-18T09:41:12.482913Z',
      conditions: [
        { type: 'Ready', lastTransitionTime: '2026-11-20T09:00:00Z' },
      ],
      message: 'last sync at 2026-11-20T09:00:00Z',
      restartCount: 5,
    });
  });

  it('keeps an age the fixture shows relative to the reference time', () => {
    const now = Date.parse('2027-01-01T12:00:00Z');
    const fiveMinutesBefore = '2026-11-20T09:55:00Z';
    const shifted = shiftTimestamps(
      fiveMinutesBefore,
      secondsSinceReference(now),
    );
    expect(now - Date.parse(shifted)).toBe(5 * 60 * 1000);
    expect(secondsSinceReference(Date.parse(fixtureReferenceTime))).toBe(0);
  });
});
