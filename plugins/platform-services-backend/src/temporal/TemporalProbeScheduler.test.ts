import type { TemporalProbeResult } from '@platform-services/plugin-platform-services-common';
import {
  TemporalProbeScheduler,
  TemporalProbeTarget,
} from './TemporalProbeScheduler';

function result(
  environment: string,
  reachable: boolean,
  n: number,
): TemporalProbeResult {
  return {
    environment,
    service: 'temporal',
    address: `${environment}:7233`,
    reachable,
    checkedAt: new Date(n).toISOString(),
    durationMs: 1,
    namespaces: [],
    taskQueues: [],
    workflowCounts: [],
    recentFailures: [],
    errors: [],
    signals: [],
    ...(reachable ? {} : { error: 'down' }),
  };
}

/** A probe whose answers the test releases one by one. */
class ControlledTarget implements TemporalProbeTarget {
  readonly service = 'temporal';
  readonly refreshMs = 1000;
  calls = 0;
  closed = false;
  reachable = true;
  private pending: Array<() => void> = [];

  constructor(readonly environment: string) {}

  probe(): Promise<TemporalProbeResult> {
    this.calls += 1;
    const n = this.calls;
    return new Promise(resolve => {
      this.pending.push(() =>
        resolve(result(this.environment, this.reachable, n)),
      );
    });
  }

  answer(): void {
    this.pending.shift()?.();
  }

  async close(): Promise<void> {
    this.closed = true;
  }
}

const flush = () =>
  new Promise(resolve => jest.requireActual('timers').setImmediate(resolve));

describe('TemporalProbeScheduler', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('serves the latest result at once and refreshes without overlap', async () => {
    const dev = new ControlledTarget('dev');
    const logger = { info: jest.fn(), warn: jest.fn() };
    const scheduler = new TemporalProbeScheduler([dev], { logger });
    expect(scheduler.latest('dev')).toBeUndefined();

    scheduler.start();
    expect(dev.calls).toBe(1);
    expect(scheduler.latest('dev')).toBeUndefined(); // first probe still running

    jest.advanceTimersByTime(5000); // no overlap: nothing starts while one runs
    expect(dev.calls).toBe(1);

    dev.answer();
    await flush();
    expect(scheduler.latest('dev')?.checkedAt).toBe(new Date(1).toISOString());

    jest.advanceTimersByTime(999);
    expect(dev.calls).toBe(1);
    jest.advanceTimersByTime(1);
    expect(dev.calls).toBe(2);

    dev.reachable = false;
    dev.answer();
    await flush();
    expect(scheduler.latest('dev')?.reachable).toBe(false);
    expect(logger.warn).toHaveBeenCalledWith(
      'Temporal temporal in dev (dev:7233) is unreachable: down',
    );

    jest.advanceTimersByTime(1000);
    dev.reachable = true;
    dev.answer();
    await flush();
    expect(logger.info).toHaveBeenCalledWith(
      'Temporal temporal in dev (dev:7233) is reachable again',
    );

    const stopping = scheduler.stop();
    await flush();
    expect(dev.closed).toBe(true);
    await stopping;
    jest.advanceTimersByTime(10_000);
    expect(dev.calls).toBe(3);
  });

  it('finds results by environment and service, and joins a probe in flight', async () => {
    const dev = new ControlledTarget('dev');
    const prod = new ControlledTarget('prod');
    const scheduler = new TemporalProbeScheduler([dev, prod]);
    expect(scheduler.targets()).toEqual([
      { service: 'temporal', environment: 'dev' },
      { service: 'temporal', environment: 'prod' },
    ]);

    const first = scheduler.refresh('prod');
    const second = scheduler.refresh('prod', 'temporal');
    expect(prod.calls).toBe(1);
    prod.answer();
    expect(await first).toBe(await second);
    expect(scheduler.latest('prod', 'temporal')?.environment).toBe('prod');
    expect(scheduler.latest('prod', 'other')).toBeUndefined();
    expect(scheduler.latest('staging')).toBeUndefined();
    expect(await scheduler.refresh('staging')).toBeUndefined();
    // refresh() without start() does not schedule more probes
    jest.advanceTimersByTime(10_000);
    expect(prod.calls).toBe(1);
    expect(dev.calls).toBe(0);
  });

  it('keeps the last result when a probe throws', async () => {
    const target = new ControlledTarget('dev');
    const logger = { info: jest.fn(), warn: jest.fn() };
    const scheduler = new TemporalProbeScheduler([target], { logger });
    const ok = scheduler.refresh('dev');
    target.answer();
    await ok;
    target.probe = () => Promise.reject(new Error('bug'));
    expect(await scheduler.refresh('dev')).toBeUndefined();
    expect(scheduler.latest('dev')?.reachable).toBe(true);
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringContaining('failed: Error: bug'),
    );
  });
});
