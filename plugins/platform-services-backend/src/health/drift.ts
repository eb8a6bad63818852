import type {
  CatalogParameter,
  LiveBinding,
  ObjectRef,
  ParameterDrift,
} from '@platform-services/plugin-platform-services-common';
import { HelmReleaseObject, KustomizationObject } from './objects';
import { HealthServiceInput } from './service';

/**
 * The value at a dot path such as `spec.values.web.resources.limits.memory`
 * (array elements by index: `spec.dependsOn.0.name`). Keys containing dots
 * cannot be addressed.
 */
export function valueAtPath(object: unknown, path: string): unknown {
  let current: unknown = object;
  for (const key of path.split('.')) {
    if (current === null || typeof current !== 'object') return undefined;
    if (!Object.prototype.hasOwnProperty.call(current, key)) return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

/** A live value as the catalog writes values: `true`, `2`, `512Mi`, JSON for objects. */
function asDeclared(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean')
    return String(value);
  return JSON.stringify(value);
}

/** The Flux objects of a service in one environment; `undefined` = not found. */
export interface LiveFluxObjects {
  helmRelease?: HelmReleaseObject;
  kustomization?: KustomizationObject;
}

function parameterDrift(
  service: HealthServiceInput,
  environment: string,
  live: LiveFluxObjects,
  parameter: CatalogParameter,
  binding: LiveBinding,
): ParameterDrift {
  const { object, path } = binding;
  const ref: ObjectRef | undefined =
    object === 'helmRelease'
      ? service.flux.helmRelease
      : service.flux.kustomization;
  const target =
    object === 'helmRelease' ? live.helmRelease : live.kustomization;
  const declared = parameter.values[environment];
  const value = target ? valueAtPath(target, path) : undefined;
  const liveText = value === undefined ? undefined : asDeclared(value);
  const kind = object === 'helmRelease' ? 'HelmRelease' : 'Kustomization';
  const where = ref ? `${kind} ${ref.namespace}/${ref.name}` : kind;
  const base = {
    parameter: parameter.name,
    environment,
    object,
    path,
    ...(ref ? { ref } : {}),
    ...(declared !== undefined ? { declared } : {}),
    ...(liveText !== undefined ? { live: liveText } : {}),
  };
  if (declared === undefined) {
    const has = liveText !== undefined ? `; ${where} has ${liveText}` : '';
    return {
      ...base,
      outcome: 'not-set',
      message: `${parameter.name} has no value for ${environment} in the catalog${has}`,
    };
  }
  if (!target) {
    return {
      ...base,
      outcome: 'not-found',
      message: `${where} does not exist in ${environment}`,
    };
  }
  if (liveText === undefined) {
    return {
      ...base,
      outcome: 'not-found',
      message: `${where} has nothing at ${path}`,
    };
  }
  if (liveText === declared) {
    return {
      ...base,
      outcome: 'match',
      message: `${parameter.name} is ${declared} as declared`,
    };
  }
  return {
    ...base,
    outcome: 'mismatch',
    message: `${parameter.name}: the catalog declares ${declared} for ${environment}, ${where} has ${liveText} at ${path}`,
  };
}

/**
 * Compares, for every parameter with a `live` binding, the value the catalog
 * declares for `environment` with the value at the bound path of the
 * service's HelmRelease or Kustomization:
 * - `not-set`: the catalog has no value for this environment;
 * - `not-found`: the object, or the path in it, does not exist;
 * - `match` / `mismatch`: compared as text (`true` equals `"true"`).
 */
export function evaluateDrift(
  service: HealthServiceInput,
  environment: string,
  live: LiveFluxObjects,
): ParameterDrift[] {
  return (service.configuration?.parameters ?? []).flatMap(p =>
    p.live ? [parameterDrift(service, environment, live, p, p.live)] : [],
  );
}
