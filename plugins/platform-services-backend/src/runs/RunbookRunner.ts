/**
 * Running one runbook step for an operator: find the step in the accepted
 * catalog, classify it, check the caller's permission, then run a diagnostic,
 * or preview an action (a server-side dry run) and carry it out once
 * confirmed. Every attempt is audited and every run is stored under the
 * page's run id, which is what makes a second submit of the same run id run
 * nothing.
 */
import {
  AuditorService,
  BackstageCredentials,
  LoggerService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import {
  ConflictError,
  InputError,
  NotAllowedError,
  NotFoundError,
} from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  actionRunPermission,
  diagnosticRunPermission,
  RunbookPlansResponse,
  RunRecord,
  RunRequest,
  ServiceDetail,
  ServiceModel,
  StepAvailability,
} from '@platform-services/plugin-platform-services-common';
import { classifyStep, StepPlan } from '../runbooks/classifyStep';
import { RunbookContext, runbookContextFor } from '../runbooks/context';
import type { Request } from 'express';
import { KubeOperations } from '../cluster/KubeOperations';
import {
  ClusterScopedObject,
  clusterScopedObjectsByService,
} from './clusterScope';
import {
  confirms,
  isProductionLike,
  requiredConfirmation,
} from './confirmation';
import { capOutput } from './output';
import { RunStore } from './RunStore';

/** Options of {@link RunbookRunner}. */
export interface RunbookRunnerOptions {
  catalog: { model(): ServiceModel | undefined };
  store: RunStore;
  permissions: PermissionsService;
  auditor: AuditorService;
  /** The operations on the cluster serving an environment; `undefined` when none is configured. */
  clusterFor(environment: string): KubeOperations | undefined;
  /**
   * The cluster-scoped objects known in an environment (e.g. the watch
   * cache's ClusterSecretStores). Those with Flux labels are owned by the
   * service whose Flux object applied them and so are in its runbooks' scope.
   */
  clusterScopedObjects?(
    environment: string,
  ): ReadonlyArray<ClusterScopedObject>;
  /** Environments whose actions need the service name typed (see `readRunsConfig`). */
  typedConfirmationEnvironments: readonly string[];
  logger?: LoggerService;
  now?: () => Date;
}

/** What {@link RunbookRunner.submit} is given. */
export interface SubmitInput {
  service: string;
  request: RunRequest;
  credentials: BackstageCredentials;
  /** For the audit event's request details. */
  httpRequest?: Request;
}

/** The caller as runs record them: a user entity ref, or `service:<subject>`. */
export function actorOf(credentials: BackstageCredentials): string {
  const principal = credentials.principal as {
    type?: string;
    userEntityRef?: string;
    subject?: string;
  };
  if (principal?.type === 'user' && principal.userEntityRef)
    return principal.userEntityRef;
  if (principal?.type === 'service' && principal.subject)
    return `service:${principal.subject}`;
  return 'unknown';
}

/** The catalog entity permissions are decided on: the service's Component. */
export function serviceEntityRef(service: string): string {
  return stringifyEntityRef({
    kind: 'Component',
    namespace: 'default',
    name: service,
  });
}

interface Located {
  model: ServiceModel;
  service: ServiceDetail;
  environment: string;
}

/** Runs runbook steps; see the module comment for the flow. */
export class RunbookRunner {
  private readonly now: () => Date;

  constructor(private readonly options: RunbookRunnerOptions) {
    this.now = options.now ?? (() => new Date());
  }

  private locate(name: string, environment: string | undefined): Located {
    const model = this.options.catalog.model();
    if (!model)
      throw new NotFoundError('No service catalog has been accepted yet');
    const service = model.services.get(name);
    if (!service)
      throw new NotFoundError(
        `No service named "${name}" in the accepted service catalog`,
      );
    const known = model.environments.map(e => e.name);
    const chosen = environment ?? known[0];
    if (!chosen || !known.includes(chosen)) {
      throw new InputError(
        `Invalid environment: expected one of ${
          known.join(', ') || '(none)'
        }, got "${environment ?? ''}"`,
      );
    }
    return { model, service, environment: chosen };
  }

  private contextOf({ model, service, environment }: Located): RunbookContext {
    const services = [...model.services.values()];
    const objects = this.options.clusterScopedObjects?.(environment) ?? [];
    return runbookContextFor(
      services,
      service.name,
      clusterScopedObjectsByService(services, objects),
    );
  }

  private async decisions(service: string, credentials: BackstageCredentials) {
    const resourceRef = serviceEntityRef(service);
    const [diagnostic, action] = await this.options.permissions.authorize(
      [
        { permission: diagnosticRunPermission, resourceRef },
        { permission: actionRunPermission, resourceRef },
      ],
      { credentials },
    );
    return {
      diagnostic: diagnostic.result === AuthorizeResult.ALLOW,
      action: action.result === AuthorizeResult.ALLOW,
    };
  }

  /**
   * What the caller may run of every step of the service's runbooks in an
   * environment: each step's class and reason, and whether the caller's
   * permissions (one batched decision) and the configuration allow it.
   */
  async plans(
    name: string,
    environment: string | undefined,
    credentials: BackstageCredentials,
  ): Promise<RunbookPlansResponse> {
    const located = this.locate(name, environment);
    const context = this.contextOf(located);
    const allowed = await this.decisions(name, credentials);
    const hasCluster =
      this.options.clusterFor(located.environment) !== undefined;
    const availability = (index: number, plan: StepPlan): StepAvailability => {
      const base = { stepIndex: index, class: plan.class, reason: plan.reason };
      if (plan.class === 'manual') {
        return {
          ...base,
          allowed: false,
          deniedReason:
            'The portal shows this step for you to run; it does not run it',
        };
      }
      if (plan.class === 'refused') {
        return {
          ...base,
          allowed: false,
          deniedReason: 'The portal refuses to run this step',
        };
      }
      if (!hasCluster) {
        return {
          ...base,
          allowed: false,
          deniedReason: `No cluster is configured for ${located.environment} (platformServices.clusters)`,
        };
      }
      if (!allowed[plan.class]) {
        return {
          ...base,
          allowed: false,
          deniedReason: `You may not run ${
            plan.class === 'action' ? 'actions' : 'diagnostics'
          } of ${name} (${
            (plan.class === 'action'
              ? actionRunPermission
              : diagnosticRunPermission
            ).name
          })`,
        };
      }
      return { ...base, allowed: true };
    };
    return {
      environment: located.environment,
      requiresTypedConfirmation: isProductionLike(
        located.environment,
        this.options.typedConfirmationEnvironments,
      ),
      runbooks: located.service.runbooks.map(runbook => ({
        runbookId: runbook.id,
        steps: runbook.steps.map(step =>
          availability(step.index, classifyStep(step.command, context)),
        ),
      })),
    };
  }

  /**
   * Runs or previews one step. Returns the stored record: `succeeded`,
   * `failed` (with the error), or `previewed` for an action's dry run; a
   * run id already used for this step returns its record and runs nothing.
   *
   * @throws NotFoundError for an unknown service, runbook or step.
   * @throws InputError for a manual or refused step (with the reason), a
   *   missing preview or a confirmation that does not match.
   * @throws NotAllowedError when the permission policy denies the caller.
   */
  async submit(input: SubmitInput): Promise<RunRecord> {
    const { request, credentials } = input;
    const located = this.locate(input.service, request.environment);
    const runbook = located.service.runbooks.find(
      r => r.id === request.runbookId,
    );
    if (!runbook) {
      throw new NotFoundError(
        `${input.service} has no runbook "${request.runbookId}"`,
      );
    }
    const step = runbook.steps.find(s => s.index === request.stepIndex);
    if (!step) {
      throw new NotFoundError(
        `Runbook "${runbook.title}" of ${input.service} has no step ${request.stepIndex}`,
      );
    }
    const plan = classifyStep(step.command, this.contextOf(located));
    const actor = actorOf(credentials);
    const event = await this.options.auditor.createEvent({
      eventId: 'runbook-step',
      severityLevel: plan.class === 'action' ? 'medium' : 'low',
      request: input.httpRequest,
      meta: {
        service: input.service,
        environment: located.environment,
        runbookId: runbook.id,
        stepIndex: step.index,
        stepClass: plan.class,
        mode: request.mode,
        runId: request.runId,
        actor,
      },
    });
    try {
      const base: RunRecord = {
        runId: request.runId,
        service: input.service,
        environment: located.environment,
        runbookId: runbook.id,
        runbookTitle: runbook.title,
        stepIndex: step.index,
        command: step.command,
        stepClass: plan.class,
        ...(plan.class === 'diagnostic' || plan.class === 'action'
          ? { operation: plan.operation }
          : {}),
        actor,
        requestedAt: this.now().toISOString(),
        outcome: 'running',
        progress: [],
      };
      const record = await this.decide(plan, base, request, credentials);
      if (record.outcome === 'failed') {
        await event.fail({
          error: new Error(record.error ?? 'the run failed'),
          meta: { outcome: record.outcome },
        });
      } else {
        await event.success({ meta: { outcome: record.outcome } });
      }
      return record;
    } catch (e) {
      await event.fail({ error: e as Error });
      throw e;
    }
  }

  private async decide(
    plan: StepPlan,
    base: RunRecord,
    request: RunRequest,
    credentials: BackstageCredentials,
  ): Promise<RunRecord> {
    const where = `step ${base.stepIndex} of "${base.runbookTitle}"`;
    if (plan.class === 'manual') {
      throw new InputError(
        `The portal does not run ${where}; it is shown for you to run: ${plan.reason}`,
      );
    }
    if (plan.class === 'refused') {
      throw new InputError(
        `The portal refuses to run ${where}: ${plan.reason}`,
      );
    }
    if (plan.class === 'diagnostic' && request.mode === 'preview') {
      throw new InputError(
        `${where} is a read-only diagnostic and has no preview; send mode "run"`,
      );
    }
    const operations = this.options.clusterFor(base.environment);
    if (!operations) {
      throw new InputError(
        `No cluster is configured for environment ${base.environment} (platformServices.clusters)`,
      );
    }

    const allowed = await this.decisions(base.service, credentials);
    if (!allowed[plan.class]) {
      const permission =
        plan.class === 'action' ? actionRunPermission : diagnosticRunPermission;
      const message = `${base.actor} may not run ${
        plan.class === 'action' ? 'actions' : 'diagnostics'
      } of ${base.service} (permission ${permission.name} on ${serviceEntityRef(
        base.service,
      )})`;
      await this.options.store.insert({
        ...base,
        outcome: 'denied',
        finishedAt: base.requestedAt,
        durationMs: 0,
        error: message,
        progress: [
          { at: base.requestedAt, message: 'Denied by the permission policy' },
        ],
      });
      throw new NotAllowedError(message);
    }

    const existing = await this.options.store.get(request.runId);
    if (existing) {
      const same =
        existing.service === base.service &&
        existing.environment === base.environment &&
        existing.runbookId === base.runbookId &&
        existing.stepIndex === base.stepIndex;
      if (!same) {
        throw new ConflictError(
          `Run id ${request.runId} is already used for another step; use a new run id`,
        );
      }
    }
    if (plan.class === 'diagnostic') {
      return existing ?? this.diagnose(plan.operation, base, operations);
    }
    if (request.mode === 'preview') {
      return existing ?? this.preview(plan.operation, base, operations);
    }
    if (!existing) {
      throw new InputError(
        `Preview ${where} first: send mode "preview" with run id ${request.runId}, then "run" with the same run id and the confirmation`,
      );
    }
    if (existing.outcome !== 'previewed') return existing;
    const required = requiredConfirmation(
      base.service,
      base.environment,
      this.options.typedConfirmationEnvironments,
    );
    if (!confirms(request.confirmation, required)) {
      throw new InputError(
        `The confirmation does not match: type "${required}" to run this action in ${base.environment}`,
      );
    }
    return this.execute(plan.operation, existing, base, operations);
  }

  private progress(record: RunRecord) {
    return (message: string) =>
      record.progress.push({ at: this.now().toISOString(), message });
  }

  private finish(
    record: RunRecord,
    startedAt: number,
    error?: unknown,
  ): RunRecord {
    const finished = this.now();
    record.finishedAt = finished.toISOString();
    record.durationMs = Math.max(0, finished.getTime() - startedAt);
    if (error !== undefined) {
      record.outcome = 'failed';
      record.error = (error as Error)?.message ?? String(error);
      if (!(error as Error)?.name?.startsWith('KubeOperation')) {
        this.options.logger?.warn(
          `Run ${record.runId} of ${record.service} failed: ${record.error}`,
        );
      }
    }
    if (record.output) record.output = capOutput(record.output);
    return record;
  }

  private async diagnose(
    operation: Extract<StepPlan, { class: 'diagnostic' }>['operation'],
    base: RunRecord,
    operations: KubeOperations,
  ): Promise<RunRecord> {
    const record: RunRecord = { ...base, progress: [] };
    const startedAt = this.now().getTime();
    if (!(await this.options.store.insert(record))) {
      return (await this.options.store.get(record.runId))!;
    }
    try {
      record.output = await operations.diagnose(
        operation,
        this.progress(record),
      );
      record.outcome = 'succeeded';
      this.finish(record, startedAt);
    } catch (e) {
      this.finish(record, startedAt, e);
    }
    await this.options.store.update(record);
    return record;
  }

  private async preview(
    operation: Extract<StepPlan, { class: 'action' }>['operation'],
    base: RunRecord,
    operations: KubeOperations,
  ): Promise<RunRecord> {
    const record: RunRecord = { ...base, progress: [] };
    const progress = this.progress(record);
    const startedAt = this.now().getTime();
    progress(`Dry run requested by ${base.actor}`);
    try {
      const preview = await operations.preview(operation);
      record.preview = {
        ...preview,
        confirmation: requiredConfirmation(
          base.service,
          base.environment,
          this.options.typedConfirmationEnvironments,
        ),
      };
      progress(`The API server accepted the dry run: ${preview.summary}`);
      record.outcome = 'previewed';
      this.finish(record, startedAt);
    } catch (e) {
      progress('The dry run failed; nothing was changed');
      this.finish(record, startedAt, e);
    }
    if (!(await this.options.store.insert(record))) {
      return (await this.options.store.get(record.runId))!;
    }
    return record;
  }

  private async execute(
    operation: Extract<StepPlan, { class: 'action' }>['operation'],
    previewed: RunRecord,
    base: RunRecord,
    operations: KubeOperations,
  ): Promise<RunRecord> {
    const record: RunRecord = {
      ...previewed,
      actor: base.actor,
      requestedAt: base.requestedAt,
      outcome: 'running',
      progress: [...previewed.progress],
    };
    delete record.finishedAt;
    delete record.durationMs;
    const progress = this.progress(record);
    progress(`Confirmed by ${base.actor}`);
    if (!(await this.options.store.claim(record.runId, record))) {
      return (await this.options.store.get(record.runId))!;
    }
    const startedAt = this.now().getTime();
    try {
      const executed = await operations.execute(operation, progress);
      try {
        await operations.followOutcome(executed, progress);
      } catch (e) {
        // The change is made; only reading it back failed.
        progress(
          `The change was made; reading it back failed: ${
            (e as Error).message
          }`,
        );
      }
      record.outcome = 'succeeded';
      this.finish(record, startedAt);
    } catch (e) {
      this.finish(record, startedAt, e);
    }
    await this.options.store.update(record);
    return record;
  }
}
