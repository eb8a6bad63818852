import { discoveryApiRef, fetchApiRef } from '@backstage/core-plugin-api';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import {
  mockApis,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/test-utils';
import { ReactElement } from 'react';
import { PlatformServicesClient, platformServicesApiRef } from '../api';

export const BASE_URL = 'http://backstage.test/api/platform-services';

/**
 * Renders an element in a test app whose platform-services client talks HTTP
 * to `BASE_URL`, which msw answers.
 */
export function renderWithApi(element: ReactElement, options: { route?: string } = {}) {
  const discoveryApi = mockApis.discovery({ baseUrl: 'http://backstage.test' });
  const fetchApi = { fetch: (input: any, init?: any) => globalThis.fetch(input, init) };
  const client = new PlatformServicesClient({ discoveryApi, fetchApi });
  return renderInTestApp(
    <TestApiProvider
      apis={[
        [platformServicesApiRef, client],
        [discoveryApiRef, discoveryApi],
        [fetchApiRef, fetchApi],
      ]}
    >
      {element}
    </TestApiProvider>,
    {
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
      routeEntries: options.route ? [options.route] : undefined,
    },
  );
}
