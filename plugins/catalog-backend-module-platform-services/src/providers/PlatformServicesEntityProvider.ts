import {
  LoggerService,
  SchedulerServiceTaskRunner,
} from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import {
  DeferredEntity,
  EntityProvider,
  EntityProviderConnection,
} from '@backstage/plugin-catalog-node';
import { catalogToEntities } from '../lib/catalogToEntities';
import { AcceptedCatalogSource } from './AcceptedCatalogClient';

/** What one refresh did. */
export type ProviderRefresh =
  | { mutation: 'none' }
  | { mutation: 'full'; entities: number }
  | { mutation: 'delta'; added: number; removed: number };

const PROVIDER_NAME = 'platform-services-provider';

/**
 * Keeps the catalog's platform-service entities equal to the accepted
 * service catalog. The first run replaces everything the provider owns (full
 * mutation); later runs send only what changed (delta). An unchanged catalog
 * costs one conditional request and no writes; a refused file never reaches
 * the provider, so it removes nothing.
 *
 * @public
 */
export class PlatformServicesEntityProvider implements EntityProvider {
  private connection: EntityProviderConnection | undefined;
  private revision: string | undefined;
  /** What the catalog holds from us: entity ref to a fingerprint. */
  private applied: Map<string, string> | undefined;

  constructor(
    private readonly options: {
      source: AcceptedCatalogSource;
      logger: LoggerService;
      taskRunner?: SchedulerServiceTaskRunner;
      defaultOwner: string;
      lifecycle: string;
    },
  ) {}

  getProviderName(): string {
    return PROVIDER_NAME;
  }

  async connect(connection: EntityProviderConnection): Promise<void> {
    this.connection = connection;
    await this.options.taskRunner?.run({
      id: `${PROVIDER_NAME}:refresh`,
      fn: async () => {
        try {
          await this.refresh();
        } catch (e) {
          this.options.logger.warn(
            `Could not read the accepted service catalog from the platform-services backend: ${
              (e as Error).message
            }`,
          );
        }
      },
    });
  }

  async refresh(): Promise<ProviderRefresh> {
    if (!this.connection) throw new Error(`${PROVIDER_NAME} is not connected`);
    const answer = await this.options.source.fetchAccepted(this.revision);
    if (answer.kind !== 'catalog') return { mutation: 'none' };

    const entities = catalogToEntities(answer.catalog, {
      defaultOwner: this.options.defaultOwner,
      lifecycle: this.options.lifecycle,
      locationRef: `platform-services:${answer.location}`,
    });
    const next = new Map<string, { entity: Entity; fingerprint: string }>();
    for (const entity of entities) {
      next.set(stringifyEntityRef(entity), {
        entity,
        fingerprint: JSON.stringify(entity),
      });
    }
    const deferred = (entity: Entity): DeferredEntity => ({
      entity,
      locationKey: PROVIDER_NAME,
    });

    let result: ProviderRefresh;
    if (!this.applied) {
      await this.connection.applyMutation({
        type: 'full',
        entities: [...next.values()].map(e => deferred(e.entity)),
      });
      result = { mutation: 'full', entities: next.size };
    } else {
      const applied = this.applied;
      const added = [...next]
        .filter(([ref, e]) => applied.get(ref) !== e.fingerprint)
        .map(([, e]) => deferred(e.entity));
      const removed = [...applied.keys()]
        .filter(ref => !next.has(ref))
        .map(entityRef => ({ entityRef, locationKey: PROVIDER_NAME }));
      if (added.length === 0 && removed.length === 0) {
        result = { mutation: 'none' };
      } else {
        await this.connection.applyMutation({ type: 'delta', added, removed });
        result = {
          mutation: 'delta',
          added: added.length,
          removed: removed.length,
        };
      }
    }
    this.applied = new Map([...next].map(([ref, e]) => [ref, e.fingerprint]));
    this.revision = answer.revision;
    if (result.mutation !== 'none') {
      this.options.logger.info(
        `Applied service catalog revision ${answer.revision.slice(
          0,
          12,
        )}: ${JSON.stringify(result)}`,
      );
    }
    return result;
  }
}
