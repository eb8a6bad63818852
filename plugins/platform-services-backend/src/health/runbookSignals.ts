import {
  parseRunbookScript,
  SignalId,
} from '@platform-services/plugin-platform-services-common';
import { isSignalId } from './signals';
import { RunbookInput } from './service';

/** A signal a runbook addresses, possibly narrowed to a component or workload. */
export interface SignalPattern {
  id: SignalId;
  /** Only this component's signal matches (from `-l app.kubernetes.io/component=...`). */
  component?: string;
  /** Only signals about this workload match (from `deployment/<name>`). */
  workload?: string;
  source: 'declared' | 'inferred';
  /** The command the pattern was inferred from. */
  evidence?: string;
}

const COMPONENT_SELECTOR = /app\.kubernetes\.io\/component=([a-z0-9-]+)/g;
const DEPLOYMENT_REF = /\bdeployments?\/([a-z0-9-]+)/g;
const POD_COMMAND =
  /\bkubectl\s+(get\s+pods?|describe\s+pods?|top\s+pods?|logs)\b/;
const OOM_WORDS = /\boom(killed)?\b|last state/i;
/** Log filters that look for database connection errors. */
const SQL_WORDS = /\bsql\b|persistence|\bdatabase\b/i;

function captures(re: RegExp, text: string): string[] {
  return [...text.matchAll(re)].map(m => m[1]);
}

/**
 * Reads the signals a runbook addresses from its script's commands:
 *
 * - `externalsecret` → `externalsecret-not-synced`; `(cluster)secretstore` →
 *   `secretstore-not-ready`;
 * - Jobs selected by component `schema`/`database`, or `job/...schema...` →
 *   `schema-job-failed`; with a `helmrelease` in the script as well →
 *   `helmrelease-upgrade-failed`; `helmrelease` conditions or
 *   `flux get helmreleases` → `helmrelease-not-ready`; `flux reconcile hr --reset`
 *   → `helmrelease-upgrade-failed`; `kustomization(s)` status →
 *   `kustomization-not-ready`;
 * - pod commands on `app.kubernetes.io/component=X` with OOM words (`oom`,
 *   `Last State`) → `pods-oomkilled` for X; logs `--previous`, or logs filtered
 *   for `sql`/`persistence`/`database`, of X or `deployment/NAME` →
 *   `pods-crashlooping` for it; image pull words → `image-pull-failed`;
 * - `ingressroute` or `get endpoints` → `ingress-backend-no-endpoints`;
 * - `get cluster NAME` (other than its `.spec`) or pods selected by
 *   `cnpg.io/cluster=` → `postgres-cluster-degraded`;
 * - logs of component `matching` → `temporal-backlog-no-pollers`;
 *   `GetSystemInfo`/`grpcurl` → `temporal-frontend-unreachable`;
 *   `temporal operator namespace` → `temporal-namespace-missing`.
 */
export function inferRunbookSignals(script: string): SignalPattern[] {
  const { steps } = parseRunbookScript(script);
  const found: SignalPattern[] = [];
  const add = (
    id: SignalId,
    evidence: string,
    scope: { component?: string; workload?: string } = {},
  ) => found.push({ id, source: 'inferred', evidence, ...scope });

  const text = steps.map(s => s.command).join('\n');
  const mentionsHelmRelease = /\bhelmreleases?\b/.test(text);

  for (const { command: c } of steps) {
    const components = captures(COMPONENT_SELECTOR, c);
    const deployments = captures(DEPLOYMENT_REF, c);
    const isLogs = /\bkubectl\s+logs\b/.test(c);

    if (/\bexternalsecrets?\b/i.test(c)) add('externalsecret-not-synced', c);
    if (/\b(cluster)?secretstores?\b/i.test(c)) add('secretstore-not-ready', c);

    const schemaJob =
      (/\bjobs?\b/.test(c) && /component=(schema|database)\b/.test(c)) ||
      /\bjob\/\S*schema/.test(c);
    if (schemaJob) {
      add('schema-job-failed', c);
      if (mentionsHelmRelease) add('helmrelease-upgrade-failed', c);
    }
    if (
      /\bhelmreleases?\b.*\bconditions\b|\bflux\s+get\s+(hr|helmreleases?)\b/.test(
        c,
      )
    )
      add('helmrelease-not-ready', c);
    if (/\bflux\s+reconcile\s+(hr|helmrelease)\b.*--reset\b/.test(c))
      add('helmrelease-upgrade-failed', c);
    if (
      /\bflux\s+get\s+(ks|kustomizations?)\b|\bget\s+kustomizations?\b.*(conditions|status)/.test(
        c,
      )
    )
      add('kustomization-not-ready', c);

    if (POD_COMMAND.test(c) && OOM_WORDS.test(c)) {
      if (components.length === 0) add('pods-oomkilled', c);
      for (const component of components)
        add('pods-oomkilled', c, { component });
    }
    if (isLogs && (/--previous\b|\s-p\b/.test(c) || SQL_WORDS.test(c))) {
      for (const component of components)
        add('pods-crashlooping', c, { component });
      for (const workload of deployments)
        add('pods-crashlooping', c, { workload });
    }
    if (/imagepull|image pull|errimagepull/i.test(c))
      add('image-pull-failed', c);

    if (/\bingressroutes?\b|\bget\s+endpoints\b/.test(c))
      add('ingress-backend-no-endpoints', c);
    const clusterStatus =
      /\bget\s+clusters?\s+[a-z0-9]/.test(c) && !/\{\.spec\./.test(c);
    const instancePods = /\bget\s+pods?\b.*cnpg\.io\/cluster=/.test(c);
    if (clusterStatus || instancePods) add('postgres-cluster-degraded', c);

    if (isLogs && components.includes('matching'))
      add('temporal-backlog-no-pollers', c);
    if (/GetSystemInfo|\bgrpcurl\b/.test(c))
      add('temporal-frontend-unreachable', c);
    if (/\btemporal\s+operator\s+namespace\b|\btctl\b.*\bnamespace\b/.test(c))
      add('temporal-namespace-missing', c);
  }

  const seen = new Set<string>();
  return found.filter(p => {
    const key = `${p.id}|${p.component ?? ''}|${p.workload ?? ''}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Signals inferred per script text: scripts do not change between evaluations. */
const inferredByScript = new Map<string, ReadonlyArray<SignalPattern>>();

/**
 * The signals a runbook addresses: its declared `signals` (ids outside the
 * vocabulary are ignored; declared signals match any component), or, when it
 * declares none, those inferred from its script.
 */
export function runbookSignals(runbook: RunbookInput): SignalPattern[] {
  if (runbook.signals && runbook.signals.length > 0) {
    return [...new Set(runbook.signals)]
      .filter(isSignalId)
      .map(id => ({ id, source: 'declared' as const }));
  }
  // Scripts do not change between evaluations: read each one once.
  let inferred = inferredByScript.get(runbook.script);
  if (!inferred) {
    inferred = inferRunbookSignals(runbook.script);
    if (inferredByScript.size > 10_000) inferredByScript.clear();
    inferredByScript.set(runbook.script, inferred);
  }
  return [...inferred];
}
