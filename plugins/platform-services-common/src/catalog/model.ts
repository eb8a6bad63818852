import { parseRunbookScript, RunbookStep } from '../runbooks/parseScript';
import { repositoryLinker } from './links';
import { slugify } from './slug';
import {
  CatalogEnvironment,
  CatalogFile,
  CatalogService,
  DeploymentType,
  LiveBinding,
  ObjectRef,
  ServiceStatus,
} from './types';

/** One line of the services list. @public */
export interface ServiceSummary {
  name: string;
  title: string;
  layer: string;
  namespace: string;
  type: DeploymentType;
  status: ServiceStatus;
  owner?: string;
  chart?: { name: string; version: string };
  dependsOn: string[];
  downstream: string[];
  runbookCount: number;
}

/** An upstream dependency; `known` is false when no service has that name. @public */
export interface UpstreamDependency {
  service: string;
  reason: string;
  known: boolean;
  title?: string;
}

/** A service that depends on this one (derived). @public */
export interface DownstreamDependency {
  service: string;
  reason: string;
  title: string;
}

/** @public */
export interface ServiceParameter {
  name: string;
  /** Declared value per environment name; a missing key means "not set". */
  values: Record<string, string>;
  live?: LiveBinding;
}

/** @public */
export interface ServiceRunbook {
  id: string;
  title: string;
  /** Symptoms the runbook declares it answers (see the health signals). */
  signals?: string[];
  symptoms: string;
  script: string;
  steps: RunbookStep[];
  trailingComments: string[];
}

/** @public */
export interface ServiceEnvironment {
  name: string;
  title: string;
  overrides?: { path: string; url: string };
}

/** The whole service as the page shows it, links resolved. @public */
export interface ServiceDetail {
  name: string;
  title: string;
  description: string;
  links: Array<{ title: string; url: string }>;
  namespace: string;
  type: DeploymentType;
  chart?: { name: string; version: string; repository: string };
  layer: string;
  status: ServiceStatus;
  owner?: string;
  source: { path: string; url: string };
  flux: { kustomization: ObjectRef; helmRelease?: ObjectRef };
  dependsOn: UpstreamDependency[];
  downstream: DownstreamDependency[];
  purpose?: string;
  features: Array<{ name: string; detail: string }>;
  diagrams: Array<{ title: string; format: 'mermaid'; source: string }>;
  environments: ServiceEnvironment[];
  configuration?: {
    file: { path: string; url: string };
    parameters: ServiceParameter[];
  };
  runbooks: ServiceRunbook[];
  related: Array<{ path: string; description: string; url: string }>;
  catalog: CatalogProvenance;
}

/** Where the page's data came from, for its footer. @public */
export interface CatalogProvenance {
  repository: string;
  commit: string;
  catalogSha?: string;
  generatedAt: string;
}

/** An accepted catalog turned into what the page and the catalog need. @public */
export interface ServiceModel {
  provenance: CatalogProvenance;
  environments: ServiceEnvironment[];
  summaries: ServiceSummary[];
  /** By name. */
  services: Map<string, ServiceDetail>;
}

function environmentsOf(catalog: CatalogFile, link: (p: string) => string) {
  return catalog.environments.map(
    (env: CatalogEnvironment): ServiceEnvironment => ({
      name: env.name,
      title: env.title ?? env.name,
      ...(env.overrides
        ? { overrides: { path: env.overrides, url: link(env.overrides) } }
        : {}),
    }),
  );
}

/**
 * Builds the service model of an accepted catalog: downstream dependencies
 * derived by inverting every `dependsOn`, runbook scripts split into steps,
 * paths turned into links at the catalog's commit. Services are sorted by
 * name; the file's order is the generator's.
 *
 * @public
 */
export function buildServiceModel(catalog: CatalogFile): ServiceModel {
  const { repository, commit, catalogSha } = catalog.source;
  const link = repositoryLinker(repository, commit);
  const provenance: CatalogProvenance = {
    repository,
    commit,
    ...(catalogSha !== undefined ? { catalogSha } : {}),
    generatedAt: catalog.generatedAt,
  };
  const environments = environmentsOf(catalog, link);

  const byName = new Map<string, CatalogService>();
  for (const s of catalog.services)
    if (!byName.has(s.name)) byName.set(s.name, s);

  const downstream = new Map<string, DownstreamDependency[]>();
  for (const s of byName.values()) {
    for (const dep of s.dependsOn ?? []) {
      if (!byName.has(dep.service)) continue;
      let list = downstream.get(dep.service);
      if (!list) downstream.set(dep.service, (list = []));
      list.push({ service: s.name, reason: dep.reason, title: s.title });
    }
  }

  const names = [...byName.keys()].sort();
  const services = new Map<string, ServiceDetail>();
  const summaries: ServiceSummary[] = [];
  for (const name of names) {
    const s = byName.get(name)!;
    const down = (downstream.get(name) ?? []).sort((a, b) =>
      a.service.localeCompare(b.service),
    );
    services.set(name, {
      name: s.name,
      title: s.title,
      description: s.description,
      links: s.links ?? [],
      namespace: s.namespace,
      type: s.type,
      ...(s.chart ? { chart: s.chart } : {}),
      layer: s.layer,
      status: s.status,
      ...(s.owner ? { owner: s.owner } : {}),
      source: { path: s.sourcePath, url: link(s.sourcePath) },
      flux: s.flux,
      dependsOn: (s.dependsOn ?? []).map(d => {
        const target = byName.get(d.service);
        return {
          service: d.service,
          reason: d.reason,
          known: !!target,
          ...(target ? { title: target.title } : {}),
        };
      }),
      downstream: down,
      ...(s.purpose !== undefined ? { purpose: s.purpose } : {}),
      features: s.features ?? [],
      diagrams: s.diagrams ?? [],
      environments,
      ...(s.configuration
        ? {
            configuration: {
              file: {
                path: s.configuration.file,
                url: link(s.configuration.file),
              },
              parameters: s.configuration.parameters.map(p => ({
                name: p.name,
                values: p.values,
                ...(p.live ? { live: p.live } : {}),
              })),
            },
          }
        : {}),
      runbooks: (s.runbooks ?? []).map(r => {
        const parsed = parseRunbookScript(r.script);
        return {
          id: r.id ?? slugify(r.title),
          title: r.title,
          ...(r.signals ? { signals: r.signals } : {}),
          symptoms: r.symptoms,
          script: r.script,
          steps: parsed.steps,
          trailingComments: parsed.trailingComments,
        };
      }),
      related: (s.related ?? []).map(r => ({ ...r, url: link(r.path) })),
      catalog: provenance,
    });
    summaries.push({
      name: s.name,
      title: s.title,
      layer: s.layer,
      namespace: s.namespace,
      type: s.type,
      status: s.status,
      ...(s.owner ? { owner: s.owner } : {}),
      ...(s.chart
        ? { chart: { name: s.chart.name, version: s.chart.version } }
        : {}),
      dependsOn: (s.dependsOn ?? []).map(d => d.service),
      downstream: down.map(d => d.service),
      runbookCount: s.runbooks?.length ?? 0,
    });
  }
  return { provenance, environments, summaries, services };
}
