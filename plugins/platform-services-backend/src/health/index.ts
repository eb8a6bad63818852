/**
 * Health of platform services from live cluster objects: pure functions,
 * plain objects in and out.
 */
export { evaluateServiceHealth, summaryOf } from './evaluateServiceHealth';
export type {
  EvaluateServiceHealthInput,
  ServiceProbe,
} from './evaluateServiceHealth';
export { evaluateCatalogHealth } from './evaluateCatalogHealth';
export type { EvaluateCatalogHealthInput } from './evaluateCatalogHealth';
export { matchRunbooks } from './matchRunbooks';
export { clusterObjectsFromList } from './objects';
export type { ClusterObjects } from './objects';
export { stripSecret } from './secrets';
export type { HealthServiceInput, RunbookInput } from './service';
