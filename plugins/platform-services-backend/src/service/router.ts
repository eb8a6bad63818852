import { HttpAuthService } from '@backstage/backend-plugin-api';
import { InputError, NotFoundError } from '@backstage/errors';
import {
  ServiceDetail,
  ServicesResponse,
} from '@platform-services/plugin-platform-services-common';
import express from 'express';
import Router from 'express-promise-router';
import { AcceptedCatalog } from '../catalog/AcceptedCatalog';
import { LiveHealth } from '../live/LiveHealth';
import { TemporalProbeScheduler } from '../temporal';

export interface RouterOptions {
  httpAuth: HttpAuthService;
  catalog: AcceptedCatalog;
  health: LiveHealth;
  temporal: TemporalProbeScheduler;
  /** How often an idle event stream sends a comment to keep proxies from closing it. */
  keepAliveMs?: number;
}

/** The plugin's HTTP API, mounted at `/api/platform-services`. */
export async function createRouter(
  options: RouterOptions,
): Promise<express.Router> {
  const { httpAuth, catalog, health, temporal } = options;
  const router = Router();
  router.use(express.json());

  const environmentOf = (req: express.Request): string => {
    const requested = typeof req.query.environment === 'string' ? req.query.environment : undefined;
    const environment = health.resolveEnvironment(requested);
    if (!environment) {
      const known = health.environments();
      throw known.length === 0
        ? new NotFoundError('No service catalog has been accepted yet')
        : new InputError(
            `Invalid query parameter environment: expected one of ${known.join(', ')}, got "${requested}"`,
          );
    }
    return environment;
  };

  router.get('/services', async (req, res) => {
    await httpAuth.credentials(req, { allow: ['user', 'service'] });
    const model = catalog.model();
    const body: ServicesResponse = {
      catalog: model?.provenance ?? null,
      services: model?.summaries ?? [],
    };
    res.json(body);
  });

  router.get('/services/:name', async (req, res) => {
    await httpAuth.credentials(req, { allow: ['user', 'service'] });
    const service: ServiceDetail | undefined = catalog
      .model()
      ?.services.get(req.params.name);
    if (!service) {
      throw new NotFoundError(
        `No service named "${req.params.name}" in the accepted service catalog`,
      );
    }
    res.json(service);
  });

  router.get('/services/:name/health', async (req, res) => {
    await httpAuth.credentials(req, { allow: ['user', 'service'] });
    const environment = environmentOf(req);
    const answer = health.serviceHealth(req.params.name, environment);
    if (!answer) {
      throw new NotFoundError(
        `No service named "${req.params.name}" in the accepted service catalog`,
      );
    }
    res.json(answer);
  });

  router.get('/services/:name/temporal', async (req, res) => {
    await httpAuth.credentials(req, { allow: ['user', 'service'] });
    const environment = environmentOf(req);
    const name = req.params.name;
    if (!catalog.model()?.services.has(name)) {
      throw new NotFoundError(`No service named "${name}" in the accepted service catalog`);
    }
    const configured = temporal
      .targets()
      .some(t => t.service === name && t.environment === environment);
    if (!configured) {
      throw new NotFoundError(
        `No Temporal server is configured for ${name} in ${environment} (platformServices.temporal)`,
      );
    }
    const result = temporal.latest(environment, name);
    res.json(result ? { state: 'probed', result } : { state: 'pending' });
  });

  router.get('/health', async (req, res) => {
    await httpAuth.credentials(req, { allow: ['user', 'service'] });
    res.json(health.summary(environmentOf(req)));
  });

  // Server-sent events: one `health-changed` event whenever answers change.
  router.get('/events', async (req, res) => {
    await httpAuth.credentials(req, { allow: ['user', 'service'] });
    res.status(200);
    res.setHeader('Content-Type', 'text/event-stream');
    res.setHeader('Cache-Control', 'no-cache, no-transform');
    res.setHeader('Connection', 'keep-alive');
    res.setHeader('X-Accel-Buffering', 'no');
    res.flushHeaders();
    res.write(': connected\n\n');
    const unsubscribe = health.onChange(event => {
      res.write(`event: health-changed\ndata: ${JSON.stringify(event)}\n\n`);
    });
    const keepAlive = setInterval(() => res.write(': ping\n\n'), options.keepAliveMs ?? 15_000);
    req.on('close', () => {
      clearInterval(keepAlive);
      unsubscribe();
    });
  });

  router.get('/catalog', async (req, res) => {
    await httpAuth.credentials(req, { allow: ['user', 'service'] });
    res.json(catalog.status());
  });

  // The accepted file itself, for the catalog entity provider: an ETag of the
  // revision lets it skip unchanged catalogs without a body.
  router.get('/catalog/accepted', async (req, res) => {
    await httpAuth.credentials(req, { allow: ['user', 'service'] });
    const accepted = catalog.acceptedFile();
    if (!accepted) {
      throw new NotFoundError('No service catalog has been accepted yet');
    }
    const etag = `"${accepted.revision}"`;
    res.setHeader('ETag', etag);
    if (req.header('if-none-match') === etag) {
      res.status(304).end();
      return;
    }
    res.json({
      revision: accepted.revision,
      location: catalog.status().accepted?.location,
      catalog: accepted.file,
    });
  });

  return router;
}
