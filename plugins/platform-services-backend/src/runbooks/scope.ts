/**
 * The scope rule: a step may touch only the service's namespace, its own Flux
 * objects and what its upstreams own. Reads may reach every upstream, direct
 * or transitive; actions stay within the service's own namespace and Flux
 * objects.
 */
import { RunbookContext, ServiceScope, UpstreamScope } from './context';
import {
  ObjectName,
  RunbookOperation,
} from '@platform-services/plugin-platform-services-common';
import { FluxObjectKind, isFluxKind, ResourceType } from './resources';

/** Something a step reads or changes. @public */
export type ScopeTouch =
  /** Objects of an ordinary type in a namespace. */
  | { type: 'namespace'; namespace: string }
  /** One HelmRelease or Kustomization. */
  | {
      type: 'flux-object';
      kind: FluxObjectKind;
      name: string;
      namespace: string;
    }
  /** Every HelmRelease or Kustomization of a namespace. */
  | { type: 'flux-objects'; kind: FluxObjectKind; namespace: string }
  /** One cluster-scoped object. */
  | { type: 'cluster-object'; kind: string; name: string }
  /** Every object of a cluster-scoped type. */
  | { type: 'cluster-objects'; kind: string };

/** @public */
export type ScopeAccess = 'read' | 'write';

/** A touch and the service whose ownership allows it. @public */
export interface ScopeGrant {
  touch: ScopeTouch;
  service: string;
  relation: 'own' | 'upstream';
}

/** @public */
export type ScopeCheck =
  | { ok: true; grants: ScopeGrant[] }
  | { ok: false; reason: string };

type Owner = ServiceScope | UpstreamScope;

function describeTouch(touch: ScopeTouch): string {
  switch (touch.type) {
    case 'namespace':
      return `namespace ${touch.namespace}`;
    case 'flux-object':
      return `${touch.kind} ${touch.namespace}/${touch.name}`;
    case 'flux-objects':
      return `every ${touch.kind} in ${touch.namespace}`;
    case 'cluster-object':
      return `${touch.kind} ${touch.name} (cluster-scoped)`;
    default:
      return `every ${touch.kind} in the cluster`;
  }
}

function list(items: string[]): string {
  const unique = [...new Set(items)];
  return unique.length === 0 ? 'nothing' : unique.join(', ');
}

function owns(
  owner: Owner,
  touch: ScopeTouch,
  access: ScopeAccess,
  self: boolean,
): boolean {
  switch (touch.type) {
    case 'namespace':
      return owner.namespace === touch.namespace;
    case 'flux-object':
      return (
        owner.fluxObjects.some(
          f =>
            f.kind === touch.kind &&
            f.name === touch.name &&
            f.namespace === touch.namespace,
        ) ||
        // The service's own namespace holds only what it deploys, Flux
        // objects included; reading them there is reading its own.
        (access === 'read' && self && owner.namespace === touch.namespace)
      );
    case 'flux-objects':
      return access === 'read' && self && owner.namespace === touch.namespace;
    case 'cluster-object':
      return (owner.clusterScopedObjects ?? []).some(
        o =>
          o.kind.toLowerCase() === touch.kind.toLowerCase() &&
          o.name === touch.name,
      );
    default:
      return false;
  }
}

function refusal(
  touch: ScopeTouch,
  access: ScopeAccess,
  context: RunbookContext,
): string {
  const { service, upstreams } = context;
  const name = service.service;
  const what = describeTouch(touch);
  if (access === 'write') {
    const own = service.fluxObjects.map(
      f => `${f.kind} ${f.namespace}/${f.name}`,
    );
    return (
      `${what} is not ${name}'s own: actions may change only namespace ` +
      `${service.namespace} and the Flux objects of ${name} (${list(own)})`
    );
  }
  const upstreamNames = upstreams.length
    ? `its upstreams (${list(upstreams.map(u => u.service))})`
    : 'its upstreams (it has none)';
  if (touch.type === 'cluster-objects') {
    return `${what} goes beyond what ${name} and ${upstreamNames} own; name one object they own`;
  }
  if (touch.type === 'flux-objects') {
    return (
      `${what} includes the Flux objects of other services; name ${name}'s own ` +
      `(${list(
        service.fluxObjects.map(f => `${f.kind} ${f.name}`),
      )}) or an upstream's`
    );
  }
  let readable: string;
  if (touch.type === 'cluster-object') {
    const owned = [service, ...upstreams].flatMap(o =>
      (o.clusterScopedObjects ?? []).map(c => `${c.kind} ${c.name}`),
    );
    readable = owned.length
      ? `the cluster-scoped objects they own are ${list(owned)}`
      : 'they own no cluster-scoped objects';
  } else {
    readable = `its steps may touch only namespaces ${list([
      service.namespace,
      ...upstreams.map(u => u.namespace),
    ])}`;
    if (touch.type === 'flux-object')
      readable += ' and the Flux objects of these services';
  }
  return `${what} belongs neither to ${name} nor to ${upstreamNames}; ${readable}`;
}

/**
 * Checks touches against the context: each must be allowed by the service's
 * own scope or, for reads, by an upstream's. Grants name the service that
 * allows each touch, the service itself first, then the nearest upstream.
 */
export function checkTouches(
  touches: ScopeTouch[],
  access: ScopeAccess,
  context: RunbookContext,
): ScopeCheck {
  const grants: ScopeGrant[] = [];
  for (const touch of touches) {
    if (owns(context.service, touch, access, true)) {
      grants.push({ touch, service: context.service.service, relation: 'own' });
      continue;
    }
    const upstream =
      access === 'read'
        ? context.upstreams.find(u => owns(u, touch, access, false))
        : undefined;
    if (!upstream)
      return { ok: false, reason: refusal(touch, access, context) };
    grants.push({ touch, service: upstream.service, relation: 'upstream' });
  }
  return { ok: true, grants };
}

function objectTouches(
  resource: ResourceType,
  name: ObjectName | undefined,
  namespace: string | undefined,
): ScopeTouch[] {
  const literalName = typeof name === 'string' ? name : undefined;
  const nested = typeof name === 'object' ? touchesOf(name.from) : [];
  let touch: ScopeTouch;
  if (!resource.namespaced) {
    touch = literalName
      ? { type: 'cluster-object', kind: resource.kind, name: literalName }
      : { type: 'cluster-objects', kind: resource.kind };
  } else if (isFluxKind(resource.kind)) {
    touch = literalName
      ? {
          type: 'flux-object',
          kind: resource.kind,
          name: literalName,
          namespace: namespace!,
        }
      : { type: 'flux-objects', kind: resource.kind, namespace: namespace! };
  } else {
    touch = { type: 'namespace', namespace: namespace! };
  }
  return [touch, ...nested];
}

/** What an operation reads or changes, nested `$(kubectl get ...)` included. */
export function touchesOf(operation: RunbookOperation): ScopeTouch[] {
  switch (operation.kind) {
    case 'kubectl-get':
    case 'kubectl-describe':
      return objectTouches(
        operation.resource,
        operation.name,
        operation.namespace,
      );
    case 'kubectl-logs': {
      const { target } = operation;
      const nested =
        'name' in target && typeof target.name === 'object'
          ? touchesOf(target.name.from)
          : [];
      return [{ type: 'namespace', namespace: operation.namespace }, ...nested];
    }
    case 'flux-get':
      return isFluxKind(operation.objectKind)
        ? [
            operation.name
              ? {
                  type: 'flux-object',
                  kind: operation.objectKind,
                  name: operation.name,
                  namespace: operation.namespace,
                }
              : {
                  type: 'flux-objects',
                  kind: operation.objectKind,
                  namespace: operation.namespace,
                },
          ]
        : [{ type: 'namespace', namespace: operation.namespace }];
    case 'flux-suspend':
    case 'flux-resume':
    case 'flux-reconcile':
      return [
        {
          type: 'flux-object',
          kind: operation.objectKind,
          name: operation.name,
          namespace: operation.namespace,
        },
      ];
    default:
      return [{ type: 'namespace', namespace: operation.namespace }];
  }
}

const DIAGNOSTIC_KINDS = new Set<RunbookOperation['kind']>([
  'kubectl-get',
  'kubectl-describe',
  'kubectl-logs',
  'kubectl-top-pods',
  'flux-get',
]);

/**
 * Applies the scope rule to an operation: diagnostics may read the service's
 * namespace and Flux objects and those of its upstreams, direct or
 * transitive (plus the cluster-scoped objects any of them owns); actions may
 * change only the service's own namespace and own Flux objects. A nested
 * `$(kubectl get ...)` is a read and is checked as one.
 *
 * @public
 */
export function checkScope(
  operation: RunbookOperation,
  context: RunbookContext,
): ScopeCheck {
  if (DIAGNOSTIC_KINDS.has(operation.kind)) {
    return checkTouches(touchesOf(operation), 'read', context);
  }
  // An action's nested reads do not exist: its words are all literal.
  return checkTouches(touchesOf(operation), 'write', context);
}
