import { createRouteRef } from '@backstage/core-plugin-api';

/** The services list page (legacy frontend system). @public */
export const rootRouteRef = createRouteRef({ id: 'platform-services' });
