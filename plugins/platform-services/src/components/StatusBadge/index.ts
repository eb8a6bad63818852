export { StatusBadge } from './StatusBadge';
export type { LiveStatus } from './StatusBadge';
