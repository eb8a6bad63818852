/**
 * The platform-services backend plugin.
 *
 * @packageDocumentation
 */
export { platformServicesPlugin as default } from './plugin';
