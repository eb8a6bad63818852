/**
 * What an operator types to carry out a previewed action: the service's name
 * in production-like environments, `run` elsewhere.
 */

/** True when actions in `environment` need the service name typed. */
export function isProductionLike(
  environment: string,
  typedConfirmationEnvironments: readonly string[],
): boolean {
  const name = environment.toLowerCase();
  return typedConfirmationEnvironments.some(e => e.toLowerCase() === name);
}

/** The exact confirmation text an action of `service` in `environment` needs. */
export function requiredConfirmation(
  service: string,
  environment: string,
  typedConfirmationEnvironments: readonly string[],
): string {
  return isProductionLike(environment, typedConfirmationEnvironments)
    ? service
    : 'run';
}

/** Whether what was typed confirms the action: exactly, apart from surrounding spaces. */
export function confirms(typed: string | undefined, required: string): boolean {
  return typeof typed === 'string' && typed.trim() === required;
}
