import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { AcceptedCatalog } from './catalog/AcceptedCatalog';
import { CatalogFileWatcher } from './catalog/CatalogFileWatcher';
import { CatalogReader } from './catalog/CatalogReader';
import { DatabaseCatalogStore } from './catalog/DatabaseCatalogStore';
import { ClusterWatchCache } from './cluster/ClusterWatchCache';
import { readClustersConfig } from './cluster/clusterConfig';
import { makeKubeConfig, makeKubeReader } from './cluster/kubernetes';
import { describeLocation, readPlatformServicesConfig } from './config';
import { LiveHealth } from './live/LiveHealth';
import { probesOf, readTemporalConfig, TemporalProbeScheduler } from './temporal';
import { createRouter } from './service/router';
import { platformServicesPermissions } from '@platform-services/plugin-platform-services-common';
import { KubeOperations } from './cluster/KubeOperations';
import { readRunsConfig } from './runs/config';
import { DatabaseRunStore } from './runs/DatabaseRunStore';
import { runsRetentionTask } from './runs/retention';
import { RunbookRunner } from './runs/RunbookRunner';
import { createRunsRouter } from './service/runsRouter';

/**
 * The platform-services backend plugin: serves the service model of
 * `service-catalog.json` under `/api/platform-services`.
 *
 * @public
 */
export const platformServicesPlugin = createBackendPlugin({
  pluginId: 'platform-services',
  register(env) {
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        database: coreServices.database,
        scheduler: coreServices.scheduler,
        urlReader: coreServices.urlReader,
        httpAuth: coreServices.httpAuth,
        httpRouter: coreServices.httpRouter,
        lifecycle: coreServices.lifecycle,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        auditor: coreServices.auditor,
      },
      async init(deps) {
        const { config, logger, database, scheduler, lifecycle } = deps;
        const settings = readPlatformServicesConfig(config);
        const { location, refresh, maxBytes, watch } = settings.catalog;

        const store = await DatabaseCatalogStore.create({ database });
        const catalog = new AcceptedCatalog({
          store,
          reader: new CatalogReader(location, maxBytes, deps.urlReader),
          maxBytes,
          logger,
        });
        deps.permissionsRegistry.addPermissions(platformServicesPermissions);

        // One watch cache per configured cluster; answers come from them only.
        // Runbook steps reach the same clusters through KubeOperations.
        const clusterConfigs = readClustersConfig(config);
        const kubeConfigs = new Map(
          clusterConfigs.map(c => [c.name, makeKubeConfig(c.name, c.connection)]),
        );
        const clusters = clusterConfigs.map(
          c => new ClusterWatchCache(c.name, c.environment, makeKubeReader(kubeConfigs.get(c.name)!)),
        );
        const operations = new Map<string, KubeOperations>();
        for (const c of clusterConfigs) {
          if (!operations.has(c.environment)) {
            operations.set(c.environment, KubeOperations.fromKubeConfig(kubeConfigs.get(c.name)!));
          }
        }
        // Temporal servers are probed in the background; pages read the last result.
        const probeResults = { onResult: (_environment: string) => {} };
        const temporal = TemporalProbeScheduler.fromConfig(readTemporalConfig(config), {
          logger,
          onResult: result => probeResults.onResult(result.environment),
        });
        const health = new LiveHealth({
          clusters,
          logger,
          probes: probesOf(temporal),
        });
        probeResults.onResult = environment => health.probesChanged(environment);
        catalog.onModelChange(model => health.setModel(model));
        lifecycle.addStartupHook(() => temporal.start());
        lifecycle.addShutdownHook(async () => {
          health.stop();
          await temporal.stop();
        });

        // Serve the last accepted catalog at once, whatever the file holds now.
        await catalog.syncFromStore();

        // Read the file as soon as the backend is up, without holding up start.
        lifecycle.addStartupHook(() => {
          catalog
            .refresh()
            .catch(e => logger.error('Reading the service catalog failed', e));
        });

        // One replica reads the file on the schedule; every replica picks up
        // what was accepted from the database.
        await scheduler.scheduleTask({
          id: 'platform-services:catalog:refresh',
          frequency: refresh,
          timeout: { minutes: 2 },
          scope: 'global',
          fn: async () => {
            await catalog.refresh();
          },
        });
        await scheduler.scheduleTask({
          id: 'platform-services:catalog:sync',
          frequency: { seconds: 15 },
          timeout: { minutes: 1 },
          scope: 'local',
          fn: () => catalog.syncFromStore(),
        });

        if (location.kind === 'path' && watch) {
          const watcher = new CatalogFileWatcher(location.path, () => {
            catalog
              .refresh()
              .catch(e =>
                logger.error(`Reading ${describeLocation(location)} failed`, e),
              );
          });
          watcher.start();
          lifecycle.addShutdownHook(() => watcher.stop());
        }

        // Runbook steps: permission-checked, previewed, confirmed, audited and stored.
        const runsConfig = readRunsConfig(config);
        const runStore = await DatabaseRunStore.create({ database });
        const runner = new RunbookRunner({
          catalog,
          store: runStore,
          permissions: deps.permissions,
          auditor: deps.auditor,
          clusterFor: environment => operations.get(environment),
          clusterScopedObjects: environment =>
            clusters
              .filter(c => c.environment === environment)
              .flatMap(c => c.objects().clusterSecretStores),
          typedConfirmationEnvironments: runsConfig.typedConfirmationEnvironments,
          logger,
        });
        await scheduler.scheduleTask({
          id: 'platform-services:runs:retention',
          frequency: { hours: 6 },
          timeout: { minutes: 5 },
          scope: 'global',
          fn: runsRetentionTask({ store: runStore, retention: runsConfig.retention, logger }),
        });

        deps.httpRouter.use(
          await createRouter({ httpAuth: deps.httpAuth, catalog, health, temporal }),
        );
        deps.httpRouter.use(
          await createRunsRouter({
            httpAuth: deps.httpAuth,
            permissions: deps.permissions,
            auditor: deps.auditor,
            runner,
            store: runStore,
            catalog,
          }),
        );
      },
    });
  },
});
