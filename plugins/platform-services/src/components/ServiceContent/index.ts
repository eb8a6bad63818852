export { EntityServiceContent, ServiceView } from './ServiceContent';
