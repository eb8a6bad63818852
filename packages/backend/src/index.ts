/*
 * The portal's backend: the catalog, the permission framework, guest sign-in
 * for local use, and the platform-services plugin pair.
 */
import { createBackend } from '@backstage/backend-defaults';

const backend = createBackend();

backend.add(import('@backstage/plugin-app-backend'));

// Sign-in. The guest provider is for local use; production configures a real
// provider in app-config.production.yaml.
backend.add(import('@backstage/plugin-auth-backend'));
backend.add(import('@backstage/plugin-auth-backend-module-guest-provider'));

backend.add(import('@backstage/plugin-catalog-backend'));
backend.add(import('@backstage/plugin-catalog-backend-module-logs'));

// The permission framework. Replace the allow-all policy with your own
// policy module to restrict runbook diagnostics and actions.
backend.add(import('@backstage/plugin-permission-backend'));
backend.add(
  import('@backstage/plugin-permission-backend-module-allow-all-policy'),
);

backend.add(import('@backstage/plugin-signals-backend'));

// platform-services: the service model, and its entities in the catalog.
backend.add(import('@platform-services/plugin-platform-services-backend'));
backend.add(
  import('@platform-services/plugin-catalog-backend-module-platform-services'),
);

backend.start();
