export { HealthSection, FreshnessNote } from './HealthSection';
