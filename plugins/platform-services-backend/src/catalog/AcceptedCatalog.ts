import { LoggerService } from '@backstage/backend-plugin-api';
import {
  AcceptedCatalogInfo,
  buildServiceModel,
  CatalogAttempt,
  CatalogFile,
  CatalogProblem,
  CatalogStatusResponse,
  ServiceModel,
  validateCatalogText,
} from '@platform-services/plugin-platform-services-common';
import { createHash } from 'node:crypto';
import { CatalogReader } from './CatalogReader';
import { CatalogStore, StoredAttempt, StoredCatalog } from './CatalogStore';

interface Current {
  stored: StoredCatalog;
  file: CatalogFile;
  model: ServiceModel;
}

/** What a refresh did, for logs and tests. */
export type RefreshOutcome = 'accepted' | 'unchanged' | 'refused';

/**
 * The catalog in force. A file is read, validated and, when valid and
 * different, stored and served; a refused or unreadable file is recorded as
 * the last attempt and changes nothing else.
 */
export class AcceptedCatalog {
  private current: Current | undefined;
  private lastAttempt: StoredAttempt | undefined;
  private etag: string | undefined;
  private queue: Promise<unknown> = Promise.resolve();
  private readonly modelListeners = new Set<(model: ServiceModel) => void>();

  constructor(
    private readonly options: {
      store: CatalogStore;
      reader: CatalogReader;
      maxBytes: number;
      logger: LoggerService;
      now?: () => Date;
    },
  ) {}

  /** Calls `listener` whenever a different catalog comes into force. */
  onModelChange(listener: (model: ServiceModel) => void): () => void {
    this.modelListeners.add(listener);
    return () => this.modelListeners.delete(listener);
  }

  private announce() {
    const model = this.current?.model;
    if (!model) return;
    for (const listener of this.modelListeners) {
      try {
        listener(model);
      } catch (e) {
        this.options.logger.warn(`A catalog listener failed: ${(e as Error).message}`);
      }
    }
  }

  /** The model in force, if a catalog was ever accepted. */
  model(): ServiceModel | undefined {
    return this.current?.model;
  }

  /** The accepted file itself and its revision. */
  acceptedFile(): { revision: string; file: CatalogFile } | undefined {
    return this.current
      ? { revision: this.current.stored.revision, file: this.current.file }
      : undefined;
  }

  status(): CatalogStatusResponse {
    const c = this.current;
    const accepted: AcceptedCatalogInfo | null = c
      ? {
          ...c.model.provenance,
          revision: c.stored.revision,
          serviceCount: c.model.summaries.length,
          acceptedAt: c.stored.acceptedAt,
          location: c.stored.location,
          problems: c.stored.problems,
        }
      : null;
    const lastAttempt: CatalogAttempt | null = this.lastAttempt ?? null;
    return { accepted, lastAttempt };
  }

  /**
   * Loads what the store holds when it differs from what is in memory: at
   * start, and on every replica after another one accepted a new file.
   */
  async syncFromStore(): Promise<void> {
    await this.serialize(async () => {
      const { store } = this.options;
      this.lastAttempt = (await store.getLastAttempt()) ?? this.lastAttempt;
      const revision = await store.getAcceptedRevision();
      if (!revision || revision === this.current?.stored.revision) return;
      const stored = await store.getAccepted();
      if (stored) this.install(stored);
    });
  }

  /** Reads the file once; concurrent calls run one after the other. */
  refresh(): Promise<RefreshOutcome> {
    return this.serialize(() => this.readOnce());
  }

  private serialize<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.queue.then(fn, fn);
    this.queue = run.catch(() => undefined);
    return run;
  }

  private install(stored: StoredCatalog) {
    const file = JSON.parse(stored.content) as CatalogFile;
    this.current = { stored, file, model: buildServiceModel(file) };
    this.announce();
  }

  private async readOnce(): Promise<RefreshOutcome> {
    const { reader, store, logger, maxBytes } = this.options;
    const at = (this.options.now?.() ?? new Date()).toISOString();
    const location = reader.describe();
    const attempt = (
      ok: boolean,
      unchanged: boolean,
      problems: CatalogProblem[],
    ): StoredAttempt => ({ at, location, ok, unchanged, problems });
    const refuse = async (problems: CatalogProblem[]) => {
      this.lastAttempt = attempt(false, false, problems);
      await store.recordAttempt(this.lastAttempt);
      logger.warn(
        `Refused service catalog ${location}; the accepted catalog stays in force: ${problems
          .filter(p => p.severity === 'error')
          .slice(0, 5)
          .map(p => `${p.pointer || '(file)'}: ${p.message}`)
          .join('; ')}`,
      );
      return 'refused' as const;
    };

    let read;
    try {
      read = await reader.read(this.etag);
    } catch (e) {
      return refuse([
        {
          pointer: '',
          message: `could not read ${location}: ${(e as Error).message}`,
          severity: 'error',
        },
      ]);
    }
    if (read.kind === 'too-large') {
      return refuse([
        {
          pointer: '',
          message: `expected a file of at most ${maxBytes} bytes, got ${read.bytes} bytes (raise platformServices.catalog.maxBytes to accept it)`,
          severity: 'error',
        },
      ]);
    }
    if (read.kind === 'not-modified') {
      this.lastAttempt = attempt(
        true,
        true,
        this.current?.stored.problems ?? [],
      );
      await store.recordAttempt(this.lastAttempt);
      return 'unchanged';
    }

    const revision = createHash('sha256').update(read.text).digest('hex');
    if (revision === this.current?.stored.revision) {
      this.etag = read.etag;
      this.lastAttempt = attempt(true, true, this.current.stored.problems);
      await store.recordAttempt(this.lastAttempt);
      return 'unchanged';
    }

    const result = validateCatalogText(read.text, { maxBytes });
    if (!result.ok) return refuse(result.problems);

    const stored: StoredCatalog = {
      revision,
      content: read.text,
      location,
      acceptedAt: at,
      problems: result.problems,
    };
    this.lastAttempt = attempt(true, false, result.problems);
    await store.accept(stored, this.lastAttempt);
    this.current = {
      stored,
      file: result.catalog,
      model: buildServiceModel(result.catalog),
    };
    this.etag = read.etag;
    this.announce();
    logger.info(
      `Accepted service catalog ${location} at commit ${result.catalog.source.commit}: ${this.current.model.summaries.length} services, ${result.problems.length} warnings`,
    );
    return 'accepted';
  }
}
