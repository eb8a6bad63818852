import { backlogApiFor, countApiFor } from './serverFeatures';

describe('backlogApiFor', () => {
  it.each([
    ['1.29.1', 'task-queue-stats'],
    ['1.28.0', 'task-queue-stats'],
    ['2.0.0', 'task-queue-stats'],
    ['1.27.2', 'enhanced'],
    ['1.25.0', 'enhanced'],
    ['v1.26.2', 'enhanced'],
    ['1.24.3', 'unsupported'],
    ['1.20.0', 'unsupported'],
    [undefined, 'task-queue-stats'],
    ['', 'task-queue-stats'],
  ])('server %s → %s', (version, api) => {
    expect(backlogApiFor(version)).toBe(api);
  });
});

describe('countApiFor', () => {
  it('groups by status when the server says it can, or says nothing', () => {
    expect(countApiFor({ countGroupByExecutionStatus: true })).toBe('group-by');
    expect(countApiFor(undefined)).toBe('group-by');
  });

  it('counts per status on older servers', () => {
    expect(countApiFor({ countGroupByExecutionStatus: false })).toBe(
      'per-status',
    );
    expect(countApiFor({ supportsSchedules: true })).toBe('per-status');
  });
});
