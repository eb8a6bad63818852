/**
 * Plain-language descriptions of operations and grants, for the reasons a
 * plan gives.
 */
import {
  ObjectName,
  OutputFilter,
  RunbookOperation,
} from '@platform-services/plugin-platform-services-common';
import { ScopeGrant } from './scope';

function objectText(
  kind: string,
  name: ObjectName | undefined,
  namespace?: string,
): string {
  const where = namespace ? ` in ${namespace}` : '';
  if (name === undefined) return `every ${kind}${where}`;
  if (typeof name === 'object')
    return `the ${kind} named by a nested \`kubectl get\`${where}`;
  return `${kind} ${namespace ? `${namespace}/` : ''}${name}`;
}

function filterText(filter: OutputFilter): string {
  switch (filter.kind) {
    case 'grep': {
      const match = filter.alternatives.map(a => `"${a}"`).join(' or ');
      const context = filter.after ? ` with ${filter.after} lines after` : '';
      return `${filter.invert ? 'drops' : 'keeps'} lines containing ${match}${
        filter.ignoreCase ? ' (any case)' : ''
      }${context}`;
    }
    case 'head':
      return filter.bytes !== undefined
        ? `keeps the first ${filter.bytes} bytes`
        : `keeps the first ${filter.lines} lines`;
    case 'tail':
      return `keeps the last ${filter.lines} lines`;
    default:
      return filter.path.length === 0
        ? 'formats the JSON'
        : 'picks a JSON path';
  }
}

/** What an operation does, in a short sentence without a subject. */
export function describeOperation(op: RunbookOperation): string {
  switch (op.kind) {
    case 'kubectl-get':
      return `gets ${objectText(op.resource.kind, op.name, op.namespace)}${
        op.selector ? ` matching ${op.selector}` : ''
      }`;
    case 'kubectl-describe':
      return `describes ${objectText(op.resource.kind, op.name, op.namespace)}${
        op.selector ? ` matching ${op.selector}` : ''
      }`;
    case 'kubectl-logs': {
      const target =
        'selector' in op.target
          ? `pods matching ${op.target.selector}`
          : objectText(op.target.workload, op.target.name, op.namespace);
      const which = `${op.previous ? 'previous ' : ''}logs`;
      return `reads the ${
        op.tail !== undefined ? `last ${op.tail} lines of the ` : ''
      }${which} of ${target}`;
    }
    case 'kubectl-top-pods':
      return `reads the CPU and memory use of pods in ${op.namespace}${
        op.selector ? ` matching ${op.selector}` : ''
      }`;
    case 'flux-get':
      return `gets the status of ${objectText(
        op.objectKind,
        op.name,
        op.namespace,
      )}`;
    case 'flux-suspend':
      return `suspends ${op.objectKind} ${op.namespace}/${op.name}`;
    case 'flux-resume':
      return `resumes ${op.objectKind} ${op.namespace}/${op.name}`;
    case 'flux-reconcile': {
      const how = [
        op.withSource && 'with its source',
        op.force && 'forcing an upgrade',
        op.reset && 'resetting its failure counts',
      ].filter(Boolean);
      return `reconciles ${op.objectKind} ${op.namespace}/${op.name}${
        how.length ? ` (${how.join(', ')})` : ''
      }`;
    }
    case 'annotate':
      return `annotates ${op.resource.kind} ${op.namespace}/${op.name} with ${
        op.key
      }=${'unixTime' in op.value ? 'the current Unix time' : op.value.literal}`;
    case 'delete-jobs':
      return `deletes the Jobs matching ${op.selector} in ${op.namespace}`;
    default:
      return `restarts ${op.targets
        .map(t => `${t.resource} ${t.name}`)
        .join(' and ')} in ${op.namespace}`;
  }
}

/** The filters, as a clause: ", then keeps lines containing …". */
export function describeFilters(filters: OutputFilter[]): string {
  return filters.length
    ? `, then ${filters.map(filterText).join(', then ')}`
    : '';
}

/**
 * Why the touches are allowed: "owned by temporal", "owned by upstream
 * external-secrets (through external-secrets-config)".
 */
export function describeGrants(
  grants: ScopeGrant[],
  upstreamPaths: Map<string, string[]>,
): string {
  const owners = grants.map(g => {
    if (g.relation === 'own') return g.service;
    const via = upstreamPaths.get(g.service) ?? [];
    return `upstream ${g.service}${
      via.length ? ` (through ${via.join(', ')})` : ''
    }`;
  });
  return `owned by ${[...new Set(owners)].join(' and ')}`;
}
