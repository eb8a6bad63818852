/**
 * The `service-catalog.json` file, catalogVersion 1, as the generator writes it.
 * Unknown fields are allowed anywhere and ignored.
 */

/** @public */
export const SUPPORTED_CATALOG_VERSION = 1;

/** @public */
export interface CatalogFile {
  catalogVersion: number;
  generatedAt: string;
  source: CatalogSource;
  environments: CatalogEnvironment[];
  services: CatalogService[];
}

/** @public */
export interface CatalogSource {
  repository: string;
  commit: string;
  catalogSha?: string;
}

/** @public */
export interface CatalogEnvironment {
  name: string;
  title?: string;
  overrides?: string;
}

/** @public */
export type DeploymentType = 'HelmRelease' | 'Kustomization';

/** @public */
export type ServiceStatus = 'Enabled' | 'Disabled';

/** @public */
export interface ObjectRef {
  name: string;
  namespace: string;
}

/** @public */
export interface CatalogService {
  name: string;
  title: string;
  description: string;
  links?: Array<{ title: string; url: string }>;
  namespace: string;
  type: DeploymentType;
  chart?: { name: string; version: string; repository: string };
  layer: string;
  status: ServiceStatus;
  sourcePath: string;
  owner?: string;
  flux: { kustomization: ObjectRef; helmRelease?: ObjectRef };
  dependsOn?: Array<{ service: string; reason: string }>;
  purpose?: string;
  features?: Array<{ name: string; detail: string }>;
  diagrams?: CatalogDiagram[];
  configuration?: {
    file: string;
    parameters: CatalogParameter[];
  };
  runbooks?: CatalogRunbook[];
  related?: Array<{ path: string; description: string }>;
}

/** @public */
export interface CatalogDiagram {
  title: string;
  format: 'mermaid';
  source: string;
}

/** @public */
export interface CatalogParameter {
  name: string;
  values: Record<string, string>;
  live?: LiveBinding;
}

/** @public */
export interface LiveBinding {
  object: 'helmRelease' | 'kustomization';
  path: string;
}

/** @public */
export interface CatalogRunbook {
  title: string;
  id?: string;
  symptoms: string;
  script: string;
  /**
   * Health signal ids this runbook addresses (e.g. `pods-oomkilled`). When
   * absent, the backend infers them from the script's commands.
   */
  signals?: string[];
}
