/*
 * Reading Kubernetes manifests (multi-document YAML) from files and folders.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import type { KubeObject } from './kube.ts';

/** Parses every non-empty document of a YAML file; each must look like a Kubernetes object. */
export function readManifestFile(path: string): KubeObject[] {
  const objects: KubeObject[] = [];
  for (const document of parseAllDocuments(readFileSync(path, 'utf8'))) {
    if (document.errors.length > 0) {
      throw new Error(`${path}: ${document.errors[0].message}`);
    }
    const value = document.toJS({ maxAliasCount: -1 });
    if (value === null || value === undefined) continue;
    if (
      typeof value !== 'object' ||
      typeof value.apiVersion !== 'string' ||
      typeof value.kind !== 'string' ||
      typeof value.metadata?.name !== 'string'
    ) {
      throw new Error(
        `${path}: every document must have apiVersion, kind and metadata.name (got ${JSON.stringify(
          value,
        ).slice(0, 120)})`,
      );
    }
    objects.push(value as KubeObject);
  }
  return objects;
}

/** The .yaml/.yml files of a folder, sorted by name, except those listed in `except`. */
export function manifestFiles(dir: string, except: string[] = []): string[] {
  return readdirSync(dir)
    .filter(name => /\.ya?ml$/.test(name) && !except.includes(name))
    .sort()
    .map(name => join(dir, name));
}

/** Kinds that others depend on come first (a namespace before what lives in it). */
const applyRank: Record<string, number> = {
  CustomResourceDefinition: 0,
  Namespace: 1,
  ServiceAccount: 2,
  ClusterRole: 3,
  Role: 3,
  ClusterRoleBinding: 4,
  RoleBinding: 4,
};

/** Sorts objects into apply order, keeping the given order within a rank. */
export function inApplyOrder<T extends KubeObject>(objects: readonly T[]): T[] {
  const rank = (o: KubeObject) => applyRank[o.kind] ?? 10;
  return objects
    .map((object, index) => ({ object, index }))
    .sort((a, b) => rank(a.object) - rank(b.object) || a.index - b.index)
    .map(({ object }) => object);
}
