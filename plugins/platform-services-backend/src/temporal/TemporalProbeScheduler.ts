import type { TemporalProbeResult } from '@platform-services/plugin-platform-services-common';
import type { TemporalServerConfig } from './config';
import { TemporalProbe } from './TemporalProbe';

/** What the scheduler needs from a probe; {@link TemporalProbe} is one. */
export interface TemporalProbeTarget {
  readonly environment: string;
  readonly service: string;
  readonly refreshMs: number;
  /** Must not throw; failures belong in the result. */
  probe(): Promise<TemporalProbeResult>;
  close(): Promise<void>;
}

/** The part of Backstage's LoggerService the scheduler uses. */
export interface TemporalProbeLogger {
  info(message: string): void;
  warn(message: string): void;
}

interface Slot {
  target: TemporalProbeTarget;
  latest?: TemporalProbeResult;
  running?: Promise<TemporalProbeResult | undefined>;
  timer?: NodeJS.Timeout;
}

/**
 * Keeps the latest probe result of every configured Temporal server and
 * refreshes it in the background: each probe starts `refreshMs` after the
 * previous one ended, so probes of one server never overlap and a slow
 * server only delays its own refresh. Timers are unref'd.
 *
 * Readers get the cached result at once ({@link TemporalProbeScheduler.latest}),
 * so a page view never waits on a server.
 */
export class TemporalProbeScheduler {
  private readonly slots: Slot[];
  private readonly logger?: TemporalProbeLogger;
  private readonly onResult?: (result: TemporalProbeResult) => void;
  private started = false;

  /** One {@link TemporalProbe} per configured server. */
  static fromConfig(
    servers: TemporalServerConfig[],
    options: {
      logger?: TemporalProbeLogger;
      onResult?: (result: TemporalProbeResult) => void;
    } = {},
  ): TemporalProbeScheduler {
    return new TemporalProbeScheduler(
      servers.map(server => new TemporalProbe(server)),
      options,
    );
  }

  constructor(
    targets: TemporalProbeTarget[],
    options: {
      logger?: TemporalProbeLogger;
      /** Called after every probe, e.g. to re-evaluate health. */
      onResult?: (result: TemporalProbeResult) => void;
    } = {},
  ) {
    this.slots = targets.map(target => ({ target }));
    this.logger = options.logger;
    this.onResult = options.onResult;
  }

  /** Probes every server now, then on its refresh interval. */
  start(): void {
    if (this.started) return;
    this.started = true;
    for (const slot of this.slots) void this.run(slot);
  }

  /** Stops refreshing, waits for probes in flight and closes connections. */
  async stop(): Promise<void> {
    this.started = false;
    for (const slot of this.slots) clearTimeout(slot.timer);
    await Promise.all(this.slots.map(slot => slot.running));
    await Promise.all(this.slots.map(slot => slot.target.close()));
  }

  /** The configured servers, as service and environment pairs. */
  targets(): Array<{ service: string; environment: string }> {
    return this.slots.map(({ target }) => ({
      service: target.service,
      environment: target.environment,
    }));
  }

  /**
   * The newest result for a server, without waiting. Undefined when the
   * server is not configured or its first probe has not finished yet.
   *
   * @param service - defaults to the first server configured for the environment
   */
  latest(
    environment: string,
    service?: string,
  ): TemporalProbeResult | undefined {
    return this.find(environment, service)?.latest;
  }

  /**
   * Probes a server now (or joins the probe in flight) and returns the
   * result. Undefined when the server is not configured.
   */
  async refresh(
    environment: string,
    service?: string,
  ): Promise<TemporalProbeResult | undefined> {
    const slot = this.find(environment, service);
    return slot ? this.run(slot) : undefined;
  }

  private find(environment: string, service?: string): Slot | undefined {
    return this.slots.find(
      ({ target }) =>
        target.environment === environment &&
        (service === undefined || target.service === service),
    );
  }

  private run(slot: Slot): Promise<TemporalProbeResult | undefined> {
    if (slot.running) return slot.running;
    clearTimeout(slot.timer);
    const { target } = slot;
    const running = target
      .probe()
      .then(result => {
        this.logTransition(slot.latest, result);
        slot.latest = result;
        try {
          this.onResult?.(result);
        } catch (error) {
          this.logger?.warn(`A Temporal probe listener failed: ${error}`);
        }
        return result;
      })
      .catch(error => {
        this.logger?.warn(
          `Temporal probe of ${target.service} in ${target.environment} failed: ${error}`,
        );
        return undefined;
      })
      .finally(() => {
        slot.running = undefined;
        if (this.started) {
          slot.timer = setTimeout(() => void this.run(slot), target.refreshMs);
          slot.timer.unref();
        }
      });
    slot.running = running;
    return running;
  }

  private logTransition(
    before: TemporalProbeResult | undefined,
    after: TemporalProbeResult,
  ): void {
    const what = `Temporal ${after.service} in ${after.environment} (${after.address})`;
    if (!after.reachable && before?.reachable !== false) {
      this.logger?.warn(`${what} is unreachable: ${after.error}`);
    } else if (after.reachable && before?.reachable === false) {
      this.logger?.info(`${what} is reachable again`);
    }
  }
}
