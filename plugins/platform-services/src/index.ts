/**
 * The platform-services frontend plugin: the live service page.
 *
 * @packageDocumentation
 */
export {
  platformServicesPlugin,
  PlatformServicesPage,
  EntityPlatformServiceContent,
} from './plugin';
export { rootRouteRef } from './routes';
export * from './api';
export {
  isPlatformService,
  serviceNameOf,
  SERVICE_ANNOTATION,
} from './annotations';
