import { RESOURCE_TYPE_CATALOG_ENTITY } from '@backstage/plugin-catalog-common/alpha';
import { createPermission } from '@backstage/plugin-permission-common';

/**
 * Run a read-only runbook diagnostic of a service (an entity of the catalog).
 * A policy can decide per entity, e.g. allow owners only.
 *
 * @public
 */
export const diagnosticRunPermission = createPermission({
  name: 'platform-services.diagnostic.run',
  attributes: { action: 'read' },
  resourceType: RESOURCE_TYPE_CATALOG_ENTITY,
});

/**
 * Run a runbook action that changes the cluster (suspend, resume, reconcile,
 * annotate, delete Jobs, restart) for a service.
 *
 * @public
 */
export const actionRunPermission = createPermission({
  name: 'platform-services.action.run',
  attributes: { action: 'update' },
  resourceType: RESOURCE_TYPE_CATALOG_ENTITY,
});

/** Every permission of the plugin, for registration. @public */
export const platformServicesPermissions = [diagnosticRunPermission, actionRunPermission];
