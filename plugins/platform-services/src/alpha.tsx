import {
  ApiBlueprint,
  createFrontendPlugin,
  createRouteRef,
  discoveryApiRef,
  fetchApiRef,
  PageBlueprint,
} from '@backstage/frontend-plugin-api';
import { EntityContentBlueprint } from '@backstage/plugin-catalog-react/alpha';
import HubIcon from '@mui/icons-material/Hub';
import { PlatformServicesClient, platformServicesApiRef } from './api';
import { isPlatformService } from './annotations';

const servicesRouteRef = createRouteRef();

const platformServicesApi = ApiBlueprint.make({
  params: define =>
    define({
      api: platformServicesApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: deps => new PlatformServicesClient(deps),
    }),
});

const servicesPage = PageBlueprint.make({
  params: {
    path: '/platform-services',
    title: 'Platform services',
    icon: <HubIcon fontSize="inherit" />,
    routeRef: servicesRouteRef,
    loader: () =>
      import('./components/ServicesListPage').then(m => <m.ServicesListPage />),
  },
});

const serviceEntityContent = EntityContentBlueprint.make({
  name: 'service',
  params: {
    path: 'service',
    title: 'Service',
    filter: isPlatformService,
    loader: () =>
      import('./components/ServiceContent').then(m => (
        <m.EntityServiceContent />
      )),
  },
});

/**
 * The plugin for apps on the new frontend system.
 *
 * @public
 */
export default createFrontendPlugin({
  pluginId: 'platform-services',
  title: 'Platform services',
  info: { packageJson: () => import('../package.json') },
  routes: { root: servicesRouteRef },
  extensions: [platformServicesApi, servicesPage, serviceEntityContent],
});
