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
export { repositoryLink, repositoryLinker } from './catalog/links';
export { slugify } from './catalog/slug';
export { parseRunbookScript } from './runbooks/parseScript';
export type { RunbookStep, ParsedRunbookScript } from './runbooks/parseScript';
export { tokenize, ShellSyntaxError } from './runbooks/tokenize';
export type * from './runbooks/tokenize';
export { parseCommandLine } from './runbooks/parseCommandLine';
export type * from './runbooks/parseCommandLine';
export {
  classifyStep,
  classifyRunbook,
  MAX_STEP_LENGTH,
} from './runbooks/classifyStep';
export type {
  StepClass,
  StepPlan,
  ClassifiedStep,
} from './runbooks/classifyStep';
export { runbookContextFor } from './runbooks/context';
export type * from './runbooks/context';
export { checkScope } from './runbooks/scope';
export type {
  ScopeTouch,
  ScopeAccess,
  ScopeGrant,
  ScopeCheck,
} from './runbooks/scope';
export type * from './runbooks/operations';
export type { ResourceType, FluxObjectKind } from './runbooks/resources';
export type * from './api';
export type * from './health/types';
export type * from './temporal/types';
export type * from './runs/types';
export {
  diagnosticRunPermission,
  actionRunPermission,
  platformServicesPermissions,
} from './permissions';
