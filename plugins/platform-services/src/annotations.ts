import { Entity } from '@backstage/catalog-model';

/** The annotation the catalog module puts on every platform service. @public */
export const SERVICE_ANNOTATION = 'platform-services.io/service';

/** The platform service an entity stands for, if any. @public */
export function serviceNameOf(entity: Entity): string | undefined {
  return entity.metadata.annotations?.[SERVICE_ANNOTATION];
}

/** Whether the entity came from the service catalog. @public */
export function isPlatformService(entity: Entity): boolean {
  return !!serviceNameOf(entity);
}
