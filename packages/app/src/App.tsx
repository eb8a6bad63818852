import { createApp } from '@backstage/frontend-defaults';
import catalogPlugin from '@backstage/plugin-catalog/alpha';
import platformServicesPlugin from '@platform-services/plugin-platform-services/alpha';
import { navModule } from './modules/nav';

export default createApp({
  features: [catalogPlugin, platformServicesPlugin, navModule],
});
