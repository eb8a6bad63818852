/**
 * Types, `service-catalog.json` validation and runbook script parsing shared
 * by the platform-services plugins.
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
export { repositoryLink } from './catalog/links';
export { slugify } from './catalog/slug';
export { parseRunbookScript } from './runbooks/parseScript';
export type { RunbookStep, ParsedRunbookScript } from './runbooks/parseScript';
export type * from './api';
