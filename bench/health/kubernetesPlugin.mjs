/**
 * Backstage's own Kubernetes plugin, as a portal runs it, for the side by
 * side figures (forked by run.mjs with `--config <file>`): a Backstage
 * backend (`createBackend` of @backstage/backend-defaults) with the catalog
 * and @backstage/plugin-kubernetes-backend, configured by writeConfig() below
 * to see the benchmark's API server. Its per-entity request is
 * `POST /api/kubernetes/services/<name>` with the entity; the plugin reads
 * the entity from the catalog, then lists each of its object types in the
 * entity's namespace with the entity's label selector, on every request.
 *
 * The catalog holds only the entities the benchmark asks about (a file
 * location): the plugin's cost does not depend on the catalog's size.
 * The backend exits when its IPC channel closes.
 */
import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';

/** The entity the benchmark registers for a service (label selector and namespace annotations). */
export function entityOf(service) {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name: service.name,
      annotations: {
        'backstage.io/kubernetes-id': service.name,
        'backstage.io/kubernetes-namespace': service.namespace,
        'backstage.io/kubernetes-label-selector': `app.kubernetes.io/instance=${service.name}`,
      },
    },
    spec: { type: 'service', lifecycle: 'production', owner: 'bench' },
  };
}

/**
 * Writes the backend's config and catalog file into `dir`; resolves with the
 * config path and the static token that callers send.
 */
export function writeConfig({ dir, port, access, services }) {
  const token = crypto.randomBytes(24).toString('hex');
  const entitiesFile = path.join(dir, 'entities.yaml');
  // A JSON array is YAML too; one document per entity.
  fs.writeFileSync(
    entitiesFile,
    services.map(s => JSON.stringify(entityOf(s))).join('\n---\n'),
  );
  const config = {
    app: { baseUrl: `http://127.0.0.1:${port}` },
    backend: {
      baseUrl: `http://127.0.0.1:${port}`,
      listen: { host: '127.0.0.1', port },
      database: { client: 'better-sqlite3', connection: ':memory:' },
      auth: {
        externalAccess: [
          { type: 'static', options: { token, subject: 'bench-health' } },
        ],
      },
    },
    catalog: {
      rules: [{ allow: ['Component', 'Location'] }],
      locations: [{ type: 'file', target: entitiesFile }],
    },
    kubernetes: {
      serviceLocatorMethod: { type: 'multiTenant' },
      clusterLocatorMethods: [
        {
          type: 'config',
          clusters: [
            {
              name: 'bench',
              url: access.server,
              authProvider: 'serviceAccount',
              serviceAccountToken: access.token,
              caData: Buffer.from(access.caPem).toString('base64'),
              // The stack runs no metrics-server.
              skipMetricsLookup: true,
            },
          ],
        },
      ],
    },
  };
  const configFile = path.join(dir, 'app-config.json');
  fs.writeFileSync(configFile, JSON.stringify(config));
  return { configFile, token };
}

const isMain =
  process.argv[1] && import.meta.url.endsWith(path.basename(process.argv[1]));
if (isMain) {
  const unwrap = m => m.default?.default ?? m.default ?? m;
  const { createBackend } = unwrap(await import('@backstage/backend-defaults'));
  const backend = createBackend();
  backend.add(unwrap(await import('@backstage/plugin-catalog-backend')));
  backend.add(unwrap(await import('@backstage/plugin-kubernetes-backend')));
  await backend.start();
  process.send?.({ type: 'started' });
  process.on('disconnect', () => process.exit(0));
}
