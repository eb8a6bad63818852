/**
 * Catalog entity provider for platform-services.
 *
 * @packageDocumentation
 */
export { catalogModulePlatformServices as default } from './module';
export { PlatformServicesEntityProvider } from './providers/PlatformServicesEntityProvider';
export type { ProviderRefresh } from './providers/PlatformServicesEntityProvider';
export { catalogToEntities, layerSystemName } from './lib/catalogToEntities';
export type { EntityOptions } from './lib/catalogToEntities';
export * from './lib/annotations';
