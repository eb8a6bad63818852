/**
 * Running runbook steps from the page: what the page asks, what the backend
 * answers, and the history it keeps. Types only.
 */
import type {
  ActionOperation,
  DiagnosticOperation,
} from '../runbooks/operations';

/** How the portal treats a runbook step: run, run on request, copy, or refuse. @public */
export type StepClass = 'diagnostic' | 'action' | 'manual' | 'refused';

/** What a step run produced, in the shape that reads best. @public */
export type RunOutput =
  | { kind: 'table'; columns: string[]; rows: string[][] }
  | { kind: 'yaml'; text: string }
  | { kind: 'log'; lines: string[]; truncated?: boolean }
  | { kind: 'text'; text: string };

/** What a dry run of an action showed would change. @public */
export interface ActionPreview {
  /** One line for a human, e.g. "Set spec.suspend to true on HelmRelease flux-system/temporal-server". */
  summary: string;
  /** The patches the action sends, as the API server accepted them in the dry run. */
  patches: Array<{
    object: {
      apiVersion: string;
      kind: string;
      namespace?: string;
      name: string;
    };
    contentType: string;
    patch: unknown;
  }>;
  /** Objects the action deletes, as the dry run listed them. */
  deletes: Array<{
    apiVersion: string;
    kind: string;
    namespace?: string;
    name: string;
  }>;
  /** The confirmation text the run needs: the service name in production, otherwise "run". */
  confirmation: string;
}

/** @public */
export type RunOutcome =
  | 'previewed'
  | 'running'
  | 'succeeded'
  | 'failed'
  | 'denied';

/** One run of one runbook step, as stored and audited. @public */
export interface RunRecord {
  /** Chosen by the page; sending the same id again never runs twice. */
  runId: string;
  service: string;
  environment: string;
  runbookId: string;
  runbookTitle: string;
  stepIndex: number;
  command: string;
  stepClass: StepClass;
  operation?: DiagnosticOperation | ActionOperation;
  /** The verified caller, e.g. `user:default/jane`. */
  actor: string;
  requestedAt: string;
  finishedAt?: string;
  durationMs?: number;
  outcome: RunOutcome;
  /** For actions: the dry run shown before the change. */
  preview?: ActionPreview;
  /** What happened, in order: dry run, confirmation, change, controller seen. */
  progress: Array<{ at: string; message: string }>;
  output?: RunOutput;
  error?: string;
}

/** `POST /api/platform-services/services/:name/runs`. @public */
export interface RunRequest {
  runId: string;
  environment: string;
  runbookId: string;
  stepIndex: number;
  /**
   * `preview`: an action's server-side dry run, nothing changes.
   * `run`: run a diagnostic, or carry out a previewed action.
   */
  mode: 'preview' | 'run';
  /** For `run` of an action: must equal the preview's `confirmation`. */
  confirmation?: string;
}

/** `GET /api/platform-services/services/:name/runs`. @public */
export interface RunsResponse {
  runs: RunRecord[];
}

/** What the page may offer for one step, decided by the backend. @public */
export interface StepAvailability {
  stepIndex: number;
  class: StepClass;
  reason: string;
  /** Whether the caller may run it in this environment (permission checked). */
  allowed: boolean;
  /** Why not, when not allowed. */
  deniedReason?: string;
}

/** `GET /api/platform-services/services/:name/runbooks/plans?environment=`. @public */
export interface RunbookPlansResponse {
  environment: string;
  /** Whether the environment is production-like: runs need the service name typed. */
  requiresTypedConfirmation: boolean;
  runbooks: Array<{ runbookId: string; steps: StepAvailability[] }>;
}
