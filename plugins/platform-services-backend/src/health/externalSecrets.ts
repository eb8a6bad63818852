import type {
  HealthCheck,
  HealthObjectRef,
  Signal,
} from '@platform-services/plugin-platform-services-common';
import { combineFindings, Finding } from './findings';
import {
  ExternalSecretObject,
  findCondition,
  PodSpec,
  SecretStoreObject,
} from './objects';
import { SecretPresence } from './secrets';

const ESO_API = 'external-secrets.io/v1';

/** The stores an ExternalSecret may point at. */
export interface SecretStores {
  clusterSecretStores?: ReadonlyArray<SecretStoreObject>;
  secretStores?: ReadonlyArray<SecretStoreObject>;
}

function storeOf(
  es: ExternalSecretObject,
  stores: SecretStores,
): { ref: HealthObjectRef; store?: SecretStoreObject; observed: boolean } {
  const name = es.spec?.secretStoreRef?.name ?? '';
  const kind = es.spec?.secretStoreRef?.kind ?? 'SecretStore';
  if (kind === 'ClusterSecretStore') {
    const list = stores.clusterSecretStores;
    return {
      ref: { apiVersion: ESO_API, kind, name },
      store: list?.find(s => s.metadata.name === name),
      observed: !!list,
    };
  }
  const namespace = es.metadata.namespace;
  const list = stores.secretStores;
  return {
    ref: { apiVersion: ESO_API, kind, namespace, name },
    store: list?.find(
      s => s.metadata.name === name && s.metadata.namespace === namespace,
    ),
    observed: !!list,
  };
}

/** The Secret an ExternalSecret writes: `spec.target.name`, defaulting to its own name. */
export function targetSecretName(es: ExternalSecretObject): string {
  return es.spec?.target?.name ?? es.metadata.name;
}

function secretExists(
  secrets: ReadonlyArray<SecretPresence>,
  namespace: string | undefined,
  name: string,
): boolean {
  return secrets.some(
    s => s.metadata.name === name && s.metadata.namespace === namespace,
  );
}

/**
 * Checks an ExternalSecret. `Ready=True` is synced. `Ready=False` is
 * `degraded` while the target Secret still exists (the workloads keep the
 * last synced values) and `failed` when it does not. A store that is not
 * ready is named as the likely cause, with its own signal.
 */
export function externalSecretFinding(
  es: ExternalSecretObject,
  stores: SecretStores,
  secrets: ReadonlyArray<SecretPresence> | undefined,
): Finding {
  const ns = es.metadata.namespace;
  const name = `${ns}/${es.metadata.name}`;
  const object = {
    apiVersion: ESO_API,
    kind: 'ExternalSecret',
    namespace: ns,
    name: es.metadata.name,
  };
  const base = {
    id: `externalsecret:${name}`,
    kind: 'ExternalSecret' as const,
    object,
  };
  const ready = findCondition(es.status?.conditions, 'Ready');
  const refreshed = es.status?.refreshTime
    ? ` (last sync ${es.status.refreshTime})`
    : '';

  if (ready?.status === 'True') {
    return {
      checks: [
        {
          ...base,
          status: 'ok',
          reason: ready.reason ?? 'SecretSynced',
          message: `ExternalSecret ${name} is synced${refreshed}`,
        },
      ],
      signals: [],
    };
  }
  if (!ready || ready.status !== 'False') {
    return {
      checks: [
        {
          ...base,
          status: 'progressing',
          reason: ready?.reason ?? 'NotSyncedYet',
          message: `ExternalSecret ${name} has not synced yet`,
        },
      ],
      signals: [],
    };
  }

  const signals: Signal[] = [];
  const store = storeOf(es, stores);
  const storeReady = findCondition(store.store?.status?.conditions, 'Ready');
  let storeNote = '';
  if (store.observed && !store.store) {
    storeNote = `; its ${store.ref.kind} ${store.ref.name} does not exist`;
  } else if (store.store && storeReady?.status !== 'True') {
    storeNote = `; its ${store.ref.kind} ${store.ref.name} is not ready (${
      storeReady?.reason ?? 'no Ready condition'
    }: ${storeReady?.message ?? 'no message'})`;
  }
  const target = targetSecretName(es);
  const targetExists = secrets ? secretExists(secrets, ns, target) : undefined;
  let targetNote = '';
  if (targetExists === true)
    targetNote = `; Secret ${target} exists but may be stale`;
  if (targetExists === false) targetNote = `; Secret ${target} does not exist`;
  const message = `ExternalSecret ${name} is not syncing (${
    ready.reason ?? 'Ready=False'
  }: ${ready.message ?? 'no message'})${refreshed}${storeNote}${targetNote}`;
  signals.push({ id: 'externalsecret-not-synced', object, message });
  if (storeNote) {
    signals.push({ id: 'secretstore-not-ready', object: store.ref, message });
  }
  return {
    checks: [
      {
        ...base,
        status: targetExists === false ? 'failed' : 'degraded',
        reason: ready.reason ?? 'NotSynced',
        message,
      },
    ],
    signals,
  };
}

/**
 * Checks a SecretStore or ClusterSecretStore the service provides. Note that
 * ESO reports `Ready=True` with reason `ValidationUnknown` for providers it
 * cannot validate; that counts as ready.
 */
export function secretStoreFinding(
  store: SecretStoreObject,
  kind: 'SecretStore' | 'ClusterSecretStore',
): Finding {
  const ns = store.metadata.namespace;
  const name = ns ? `${ns}/${store.metadata.name}` : store.metadata.name;
  const object = {
    apiVersion: ESO_API,
    kind,
    ...(ns ? { namespace: ns } : {}),
    name: store.metadata.name,
  };
  const ready = findCondition(store.status?.conditions, 'Ready');
  const base = {
    id: `${kind.toLowerCase()}:${name}`,
    kind: 'SecretStore' as const,
    object,
  };
  if (ready?.status === 'True') {
    return {
      checks: [
        {
          ...base,
          status: 'ok',
          reason: ready.reason ?? 'Valid',
          message: `${kind} ${name} is ready${
            ready.reason === 'ValidationUnknown'
              ? ' (its provider cannot be validated)'
              : ''
          }`,
        },
      ],
      signals: [],
    };
  }
  const message = `${kind} ${name} is not ready (${
    ready?.reason ?? 'no Ready condition'
  }: ${ready?.message ?? 'no message'})`;
  return {
    checks: [
      {
        ...base,
        status: ready ? 'failed' : 'progressing',
        reason: ready?.reason ?? 'NotValidated',
        message,
      },
    ],
    signals: ready ? [{ id: 'secretstore-not-ready', object, message }] : [],
  };
}

/** The names of the Secrets a pod spec needs (non-optional references). */
export function secretsReferencedBy(spec: PodSpec | undefined): string[] {
  const names = new Set<string>();
  for (const c of [
    ...(spec?.initContainers ?? []),
    ...(spec?.containers ?? []),
  ]) {
    for (const e of c.env ?? []) {
      const ref = e.valueFrom?.secretKeyRef;
      if (ref?.name && !ref.optional) names.add(ref.name);
    }
    for (const e of c.envFrom ?? []) {
      if (e.secretRef?.name && !e.secretRef.optional)
        names.add(e.secretRef.name);
    }
  }
  for (const v of spec?.volumes ?? []) {
    if (v.secret?.secretName && !v.secret.optional)
      names.add(v.secret.secretName);
  }
  return [...names];
}

/** A Secret the service needs, and who needs it. */
export interface RequiredSecret {
  namespace: string;
  name: string;
  neededBy: string[];
}

/**
 * Checks that each required Secret exists: existence only, nothing about its
 * content is known here.
 */
export function requiredSecretsFinding(
  required: ReadonlyArray<RequiredSecret>,
  secrets: ReadonlyArray<SecretPresence> | undefined,
): Finding {
  const findings = required.map((r): Finding => {
    const name = `${r.namespace}/${r.name}`;
    const object = {
      apiVersion: 'v1',
      kind: 'Secret',
      namespace: r.namespace,
      name: r.name,
    };
    const base = { id: `secret:${name}`, kind: 'Secret' as const, object };
    const users = r.neededBy.join(', ');
    let check: HealthCheck;
    if (!secrets) {
      check = {
        ...base,
        status: 'unknown',
        reason: 'NotObserved',
        message: `Secrets were not observed; cannot tell whether ${name} exists`,
      };
    } else if (secretExists(secrets, r.namespace, r.name)) {
      check = {
        ...base,
        status: 'ok',
        reason: 'Exists',
        message: `Secret ${name} exists (needed by ${users})`,
      };
    } else {
      check = {
        ...base,
        status: 'failed',
        reason: 'NotFound',
        message: `Secret ${name} does not exist (needed by ${users})`,
      };
      return {
        checks: [check],
        signals: [{ id: 'secret-missing', object, message: check.message }],
      };
    }
    return { checks: [check], signals: [] };
  });
  return combineFindings(findings);
}
