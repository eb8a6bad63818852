/**
 * Types, `service-catalog.json` validation, the service model and the wire
 * types shared by the platform-services plugins.
 *
 * @packageDocumentation
 */
export * from './catalog/types';
export { catalogJsonSchema } from './catalog/schema';
export {
  validateCatalog,
  validateCatalogText,
  checkCatalogRules,
  findDependencyCycles,
  DEFAULT_MAX_CATALOG_BYTES,
} from './catalog/validate';
export type {
  CatalogProblem,
  CatalogValidationResult,
  ValidateCatalogTextOptions,
  DependencyCycle,
} from './catalog/validate';
export { buildServiceModel } from './catalog/model';
export type * from './catalog/model';
export { repositoryLink, repositoryLinker } from './catalog/links';
export { slugify } from './catalog/slug';
export { parseRunbookScript } from './runbooks/parseScript';
export type { RunbookStep, ParsedRunbookScript } from './runbooks/parseScript';
export type * from './runbooks/operations';
export type * from './api';
export type * from './health/types';
export type * from './temporal/types';
export type * from './runs/types';
export {
  diagnosticRunPermission,
  actionRunPermission,
  platformServicesPermissions,
} from './permissions';
