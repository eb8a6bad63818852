import {
  AuditorService,
  BackstageCredentials,
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { NotAllowedError, NotFoundError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  diagnosticRunPermission,
  RunsResponse,
  ServiceModel,
} from '@platform-services/plugin-platform-services-common';
import express from 'express';
import Router from 'express-promise-router';
import { optionalQuery, parseLimit, parseRunRequest } from '../runs/request';
import {
  actorOf,
  RunbookRunner,
  serviceEntityRef,
} from '../runs/RunbookRunner';
import { RunStore } from '../runs/RunStore';

/** What {@link createRunsRouter} needs. */
export interface RunsRouterOptions {
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  auditor: AuditorService;
  runner: RunbookRunner;
  store: RunStore;
  catalog: { model(): ServiceModel | undefined };
}

/**
 * Running runbook steps and their history, mounted at
 * `/api/platform-services` next to the main router:
 *
 * - `POST /services/:name/runs`: run a diagnostic, preview an action, or
 *   carry out a previewed action (body: `RunRequest`; answer: `RunRecord`);
 * - `GET /services/:name/runs?environment=&limit=`: `RunsResponse`, newest first;
 * - `GET /services/:name/runs/:runId`: one `RunRecord`;
 * - `GET /services/:name/runbooks/plans?environment=`: `RunbookPlansResponse`,
 *   what the caller may run of every step.
 *
 * Runs carry diagnostic output, so reading them needs the same permission as
 * running a diagnostic.
 */
export async function createRunsRouter(
  options: RunsRouterOptions,
): Promise<express.Router> {
  const { httpAuth, permissions, auditor, runner, store, catalog } = options;
  const router = Router();
  router.use(express.json({ limit: '16kb' }));

  const credentialsOf = (req: express.Request) =>
    httpAuth.credentials(req, { allow: ['user', 'service'] });

  const knownService = (name: string) => {
    const model = catalog.model();
    if (!model?.services.has(name)) {
      throw new NotFoundError(
        `No service named "${name}" in the accepted service catalog`,
      );
    }
  };

  const mayReadRuns = async (
    name: string,
    credentials: BackstageCredentials,
  ) => {
    const [decision] = await permissions.authorize(
      [
        {
          permission: diagnosticRunPermission,
          resourceRef: serviceEntityRef(name),
        },
      ],
      { credentials },
    );
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(
        `${actorOf(credentials)} may not read the runs of ${name} (permission ${
          diagnosticRunPermission.name
        })`,
      );
    }
  };

  router.post('/services/:name/runs', async (req, res) => {
    const credentials = await credentialsOf(req);
    const request = parseRunRequest(req.body);
    const record = await runner.submit({
      service: req.params.name,
      request,
      credentials,
      httpRequest: req,
    });
    res.json(record);
  });

  router.get('/services/:name/runs', async (req, res) => {
    const credentials = await credentialsOf(req);
    const name = req.params.name;
    knownService(name);
    const environment = optionalQuery(req.query.environment, 'environment');
    const limit = parseLimit(req.query.limit);
    const event = await auditor.createEvent({
      eventId: 'runbook-runs-read',
      severityLevel: 'low',
      request: req,
      meta: { service: name, ...(environment ? { environment } : {}) },
    });
    try {
      await mayReadRuns(name, credentials);
      const body: RunsResponse = {
        runs: await store.list({ service: name, environment, limit }),
      };
      await event.success();
      res.json(body);
    } catch (e) {
      await event.fail({ error: e as Error });
      throw e;
    }
  });

  router.get('/services/:name/runs/:runId', async (req, res) => {
    const credentials = await credentialsOf(req);
    const { name, runId } = req.params;
    knownService(name);
    const event = await auditor.createEvent({
      eventId: 'runbook-runs-read',
      severityLevel: 'low',
      request: req,
      meta: { service: name, runId },
    });
    try {
      await mayReadRuns(name, credentials);
      const record = await store.get(runId);
      if (!record || record.service !== name) {
        throw new NotFoundError(`${name} has no run with id "${runId}"`);
      }
      await event.success();
      res.json(record);
    } catch (e) {
      await event.fail({ error: e as Error });
      throw e;
    }
  });

  router.get('/services/:name/runbooks/plans', async (req, res) => {
    const credentials = await credentialsOf(req);
    const environment = optionalQuery(req.query.environment, 'environment');
    res.json(await runner.plans(req.params.name, environment, credentials));
  });

  return router;
}
