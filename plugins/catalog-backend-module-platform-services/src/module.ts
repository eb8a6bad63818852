import {
  coreServices,
  createBackendModule,
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
} from '@backstage/backend-plugin-api';
import { catalogProcessingExtensionPoint } from '@backstage/plugin-catalog-node';
import { AcceptedCatalogClient } from './providers/AcceptedCatalogClient';
import { PlatformServicesEntityProvider } from './providers/PlatformServicesEntityProvider';

/**
 * Adds every platform service to the catalog as a Component, and every layer
 * as a System.
 *
 * @public
 */
export const catalogModulePlatformServices = createBackendModule({
  pluginId: 'catalog',
  moduleId: 'platform-services',
  register(reg) {
    reg.registerInit({
      deps: {
        catalog: catalogProcessingExtensionPoint,
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        scheduler: coreServices.scheduler,
        discovery: coreServices.discovery,
        auth: coreServices.auth,
      },
      async init({ catalog, config, logger, scheduler, discovery, auth }) {
        const entities = config.getOptionalConfig('platformServices.entities');
        const schedule = entities?.has('schedule')
          ? readSchedulerServiceTaskScheduleDefinitionFromConfig(
              entities.getConfig('schedule'),
            )
          : { frequency: { seconds: 30 }, timeout: { minutes: 3 } };
        catalog.addEntityProvider(
          new PlatformServicesEntityProvider({
            source: new AcceptedCatalogClient(discovery, auth),
            logger,
            taskRunner: scheduler.createScheduledTaskRunner(schedule),
            defaultOwner:
              entities?.getOptionalString('defaultOwner') ??
              'group:default/platform-team',
            lifecycle: entities?.getOptionalString('lifecycle') ?? 'production',
          }),
        );
      },
    });
  },
});
