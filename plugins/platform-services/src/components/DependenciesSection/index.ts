export { DependenciesSection } from './DependenciesSection';
export type { DependencyStatuses } from './DependenciesSection';
