export { EntityServiceContent, ServiceView, ServiceSections } from './ServiceContent';
