/**
 * What a classified runbook step means, in types the backend can carry out
 * without a shell: read-only operations it runs through the Kubernetes API,
 * actions it runs on request, and the filters it applies to their output.
 */

/** A Kubernetes resource type, as the backend addresses it. @public */
export interface ResourceType {
  /** Lower-case plural, as in the API path: `helmreleases`. */
  plural: string;
  kind: string;
  /** API group; `''` for the core group. */
  group: string;
  version: string;
  namespaced: boolean;
}

/** @public */
export type FluxObjectKind = 'HelmRelease' | 'Kustomization';

/**
 * An object name: as written, or the output of a nested read-only
 * `$(kubectl get ... -o jsonpath=...)`, which the backend runs first. The
 * backend must check that output is a single valid object name before it
 * uses it.
 *
 * @public
 */
export type ObjectName = string | { from: KubectlGetOperation };

/**
 * A filter written after a `|`, applied by the backend to the output, in
 * order.
 *
 * @public
 */
export type OutputFilter =
  | {
      kind: 'grep';
      /**
       * A line matches when it contains any of these strings. Written as
       * `grep 'a\|b'`; the portal accepts only patterns without regular
       * expression characters, so this is exactly what grep would match.
       */
      alternatives: string[];
      ignoreCase: boolean;
      /** `-v`: keep the lines that do not match. */
      invert: boolean;
      /** `-A N`: lines of context after each match. */
      after?: number;
      /** `-B N`: lines of context before each match. */
      before?: number;
    }
  /** `head`, `head -n N`, `head -c N`. Lines default to 10. */
  | { kind: 'head'; lines?: number; bytes?: number }
  /** `tail`, `tail -n N`. */
  | { kind: 'tail'; lines: number }
  /**
   * `jq PATH`: the output parsed as JSON, the path applied and the result
   * printed indented (`jq .` is the empty path).
   */
  | { kind: 'jq'; path: JqPathSegment[]; raw: boolean };

/** One step of a jq path: `.name`, `[0]`, `[]`. @public */
export type JqPathSegment =
  | { field: string }
  | { index: number }
  | { iterate: true };

/** `-o` of `kubectl get`. @public */
export type GetOutput =
  | { format: 'jsonpath'; expression: string }
  | {
      format: 'custom-columns';
      columns: Array<{ header: string; expression: string }>;
    }
  | { format: 'wide' | 'yaml' | 'json' | 'name' };

/** `kubectl get`. @public */
export interface KubectlGetOperation {
  kind: 'kubectl-get';
  resource: ResourceType;
  /** Absent: every object of the type in the namespace. */
  name?: ObjectName;
  /** Absent for cluster-scoped types. */
  namespace?: string;
  /** `-l`. */
  selector?: string;
  /** `--field-selector`. */
  fieldSelector?: string;
  /** Absent: kubectl's default table. */
  output?: GetOutput;
  /** `--sort-by`, a JSONPath such as `.metadata.creationTimestamp`. */
  sortBy?: string;
  /** `--show-labels`. */
  showLabels: boolean;
  /** `-L`: label values shown as columns. */
  labelColumns: string[];
  filters: OutputFilter[];
}

/**
 * `kubectl describe`. Allowed on Secrets, as kubectl's describe prints only
 * the size of each value; like kubectl, the backend must leave out the
 * `kubectl.kubernetes.io/last-applied-configuration` annotation, which can
 * hold a copy of the data.
 *
 * @public
 */
export interface KubectlDescribeOperation {
  kind: 'kubectl-describe';
  resource: ResourceType;
  name?: ObjectName;
  namespace?: string;
  selector?: string;
  filters: OutputFilter[];
}

/** The workload whose pods' logs are read. @public */
export type LogsTarget =
  | {
      workload: 'pod' | 'job' | 'deployment' | 'statefulset' | 'daemonset';
      name: ObjectName;
    }
  /** `-l`: every pod matching the selector. */
  | { selector: string };

/** `kubectl logs`. Without `tail`, the backend applies its own limit. @public */
export interface KubectlLogsOperation {
  kind: 'kubectl-logs';
  target: LogsTarget;
  namespace: string;
  /** `-c`. */
  container?: string;
  /** `--all-containers`. */
  allContainers: boolean;
  /** `--tail`: the last N lines. */
  tail?: number;
  /** `--previous`: the previous container instance (after a restart). */
  previous: boolean;
  /** `--since`, a duration such as `1h`. */
  since?: string;
  timestamps: boolean;
  filters: OutputFilter[];
}

/** `kubectl top pods`, read from the metrics API. @public */
export interface KubectlTopPodsOperation {
  kind: 'kubectl-top-pods';
  name?: string;
  namespace: string;
  selector?: string;
  /** `--containers`: one line per container. */
  containers: boolean;
  filters: OutputFilter[];
}

/** The object kinds `flux get` lists. @public */
export type FluxGetKind =
  | FluxObjectKind
  | 'GitRepository'
  | 'HelmRepository'
  | 'HelmChart'
  | 'OCIRepository'
  | 'Bucket';

/** `flux get`. @public */
export interface FluxGetOperation {
  kind: 'flux-get';
  objectKind: FluxGetKind;
  name?: string;
  namespace: string;
  /** `--status-selector`, e.g. `ready=false`. */
  statusSelector?: string;
  filters: OutputFilter[];
}

/** @public */
export type DiagnosticOperation =
  | KubectlGetOperation
  | KubectlDescribeOperation
  | KubectlLogsOperation
  | KubectlTopPodsOperation
  | FluxGetOperation;

/** `flux suspend`, `flux resume`, `flux reconcile` of a service's own object. @public */
export interface FluxObjectOperation {
  kind: 'flux-suspend' | 'flux-resume' | 'flux-reconcile';
  objectKind: FluxObjectKind;
  name: string;
  namespace: string;
  /** `reconcile --with-source`: reconcile the source first. */
  withSource?: boolean;
  /** `reconcile helmrelease --force`: a one-off Helm install or upgrade. */
  force?: boolean;
  /** `reconcile helmrelease --reset`: clear the failure counters first. */
  reset?: boolean;
}

/** `kubectl annotate`: the ExternalSecret force-sync. @public */
export interface AnnotateOperation {
  kind: 'annotate';
  resource: ResourceType;
  name: string;
  namespace: string;
  key: string;
  /** `{ unixTime: true }` stands for `$(date +%s)`: the backend's current Unix time. */
  value: { literal: string } | { unixTime: true };
  overwrite: boolean;
}

/**
 * `kubectl delete jobs -l ...` in the service's namespace. Like kubectl, the
 * backend deletes with `propagationPolicy: Background`; the Job API's own
 * default orphans the Jobs' pods.
 *
 * @public
 */
export interface DeleteJobsOperation {
  kind: 'delete-jobs';
  namespace: string;
  selector: string;
}

/**
 * `kubectl rollout restart` of one or more workloads: like kubectl, a patch
 * of the pod template's `kubectl.kubernetes.io/restartedAt` annotation.
 *
 * @public
 */
export interface RolloutRestartOperation {
  kind: 'rollout-restart';
  namespace: string;
  targets: Array<{
    resource: 'deployment' | 'statefulset' | 'daemonset';
    name: string;
  }>;
}

/** @public */
export type ActionOperation =
  | FluxObjectOperation
  | AnnotateOperation
  | DeleteJobsOperation
  | RolloutRestartOperation;

/** @public */
export type RunbookOperation = DiagnosticOperation | ActionOperation;
