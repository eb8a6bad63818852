import { HttpAuthService } from '@backstage/backend-plugin-api';
import { NotFoundError } from '@backstage/errors';
import {
  ServiceDetail,
  ServicesResponse,
} from '@platform-services/plugin-platform-services-common';
import express from 'express';
import Router from 'express-promise-router';
import { AcceptedCatalog } from '../catalog/AcceptedCatalog';

export interface RouterOptions {
  httpAuth: HttpAuthService;
  catalog: AcceptedCatalog;
}

/** The plugin's HTTP API, mounted at `/api/platform-services`. */
export async function createRouter(
  options: RouterOptions,
): Promise<express.Router> {
  const { httpAuth, catalog } = options;
  const router = Router();
  router.use(express.json());

  router.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });

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
