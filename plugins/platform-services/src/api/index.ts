export { platformServicesApiRef } from './PlatformServicesApi';
export type { PlatformServicesApi } from './PlatformServicesApi';
export { PlatformServicesClient } from './PlatformServicesClient';
