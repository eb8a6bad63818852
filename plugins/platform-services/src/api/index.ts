export { platformServicesApiRef } from './PlatformServicesApi';
export type { PlatformServicesApi, TemporalStateResponse } from './PlatformServicesApi';
export { PlatformServicesClient } from './PlatformServicesClient';
