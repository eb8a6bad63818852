import {
  createApiFactory,
  createComponentExtension,
  createPlugin,
  createRoutableExtension,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import { PlatformServicesClient, platformServicesApiRef } from './api';
import { rootRouteRef } from './routes';

/**
 * The plugin for apps on the legacy frontend system. Apps on the new system
 * use the default export of `@platform-services/plugin-platform-services/alpha`.
 *
 * @public
 */
export const platformServicesPlugin = createPlugin({
  id: 'platform-services',
  apis: [
    createApiFactory({
      api: platformServicesApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: deps => new PlatformServicesClient(deps),
    }),
  ],
  routes: { root: rootRouteRef },
});

/** The list of every platform service. @public */
export const PlatformServicesPage = platformServicesPlugin.provide(
  createRoutableExtension({
    name: 'PlatformServicesPage',
    component: () =>
      import('./components/ServicesListPage').then(m => m.ServicesListPage),
    mountPoint: rootRouteRef,
  }),
);

/** The "Service" tab content for an entity page. @public */
export const EntityPlatformServiceContent = platformServicesPlugin.provide(
  createComponentExtension({
    name: 'EntityPlatformServiceContent',
    component: {
      lazy: () =>
        import('./components/ServiceContent').then(m => m.EntityServiceContent),
    },
  }),
);
