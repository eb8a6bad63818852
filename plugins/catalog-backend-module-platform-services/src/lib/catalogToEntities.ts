import { Entity } from '@backstage/catalog-model';
import {
  CatalogFile,
  CatalogService,
  repositoryLinker,
} from '@platform-services/plugin-platform-services-common';
import {
  ANNOTATION_CATALOG_COMMIT,
  ANNOTATION_FLUX_HELMRELEASE,
  ANNOTATION_FLUX_KUSTOMIZATION,
  ANNOTATION_KUBERNETES_NAMESPACE,
  ANNOTATION_NAMESPACE,
  ANNOTATION_SERVICE,
  ANNOTATION_SOURCE_PATH,
  ANNOTATION_STATUS,
} from './annotations';

/** @public */
export interface EntityOptions {
  /** Owner of services that name none, and of the layer Systems. */
  defaultOwner: string;
  lifecycle: string;
  /** Written into `backstage.io/managed-by-location`, e.g. `platform-services:/path/file.json`. */
  locationRef: string;
}

/** A layer such as "Application services" as an entity name and tag. */
export function layerSystemName(layer: string): string {
  const slug = layer
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 63);
  return slug || 'platform';
}

/** The first paragraph of a Markdown text, as plain-ish one-line text. */
function firstParagraph(markdown: string): string {
  const para = markdown.trim().split(/\n\s*\n/)[0] ?? '';
  return para
    .replace(/\[([^\]]+)\]\([^)]*\)/g, '$1')
    .replace(/\s+/g, ' ')
    .trim();
}

function componentOf(
  service: CatalogService,
  known: Set<string>,
  catalog: CatalogFile,
  options: EntityOptions,
  link: (path: string) => string,
): Entity {
  const { commit } = catalog.source;
  const sourceUrl = link(service.sourcePath);
  const annotations: Record<string, string> = {
    'backstage.io/managed-by-location': options.locationRef,
    'backstage.io/managed-by-origin-location': options.locationRef,
    'backstage.io/source-location': `url:${sourceUrl}`,
    'backstage.io/view-url': sourceUrl,
    [ANNOTATION_SERVICE]: service.name,
    [ANNOTATION_NAMESPACE]: service.namespace,
    [ANNOTATION_KUBERNETES_NAMESPACE]: service.namespace,
    [ANNOTATION_FLUX_KUSTOMIZATION]: `${service.flux.kustomization.namespace}/${service.flux.kustomization.name}`,
    [ANNOTATION_SOURCE_PATH]: service.sourcePath,
    [ANNOTATION_CATALOG_COMMIT]: commit,
    [ANNOTATION_STATUS]: service.status,
  };
  if (service.flux.helmRelease) {
    annotations[
      ANNOTATION_FLUX_HELMRELEASE
    ] = `${service.flux.helmRelease.namespace}/${service.flux.helmRelease.name}`;
  }
  const tags = [service.type.toLowerCase(), layerSystemName(service.layer)];
  if (service.status === 'Disabled') tags.push('disabled');
  const dependsOn = (service.dependsOn ?? [])
    .filter(d => known.has(d.service))
    .map(d => `component:default/${d.service}`);

  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name: service.name,
      namespace: 'default',
      title: service.title,
      description: firstParagraph(service.description),
      annotations,
      tags: [...new Set(tags)],
      links: (service.links ?? []).map(l => ({ title: l.title, url: l.url })),
    },
    spec: {
      type: 'service',
      lifecycle: options.lifecycle,
      owner: service.owner ?? options.defaultOwner,
      system: layerSystemName(service.layer),
      ...(dependsOn.length ? { dependsOn: [...new Set(dependsOn)] } : {}),
    },
  };
}

/**
 * Every service as a `Component` of type `service` and every layer as a
 * `System`, with `dependsOn` relations between the components. Dependencies
 * on unknown services are left out (the validator reports them).
 *
 * @public
 */
export function catalogToEntities(
  catalog: CatalogFile,
  options: EntityOptions,
): Entity[] {
  const known = new Set(catalog.services.map(s => s.name));
  const link = repositoryLinker(catalog.source.repository, catalog.source.commit);
  const seen = new Set<string>();
  const components: Entity[] = [];
  const layers = new Map<string, string>();
  for (const service of catalog.services) {
    if (seen.has(service.name)) continue;
    seen.add(service.name);
    components.push(componentOf(service, known, catalog, options, link));
    const system = layerSystemName(service.layer);
    if (!layers.has(system)) layers.set(system, service.layer);
  }
  const systems: Entity[] = [...layers].map(([name, layer]) => ({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'System',
    metadata: {
      name,
      namespace: 'default',
      title: layer,
      description: `Platform services in the ${layer} layer`,
      annotations: {
        'backstage.io/managed-by-location': options.locationRef,
        'backstage.io/managed-by-origin-location': options.locationRef,
      },
    },
    spec: { owner: options.defaultOwner },
  }));
  return [...systems, ...components];
}
