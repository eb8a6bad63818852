function base(webUiUrl: string): string {
  return webUiUrl.replace(/\/+$/, '');
}

/** The workflow list of a namespace in the Temporal Web UI. */
export function namespaceWebUiUrl(webUiUrl: string, namespace: string): string {
  return `${base(webUiUrl)}/namespaces/${encodeURIComponent(
    namespace,
  )}/workflows`;
}

/**
 * One workflow execution in the Temporal Web UI:
 * `<webUiUrl>/namespaces/<ns>/workflows/<workflowId>/<runId>`.
 */
export function workflowWebUiUrl(
  webUiUrl: string,
  namespace: string,
  workflowId: string,
  runId: string,
): string {
  return `${namespaceWebUiUrl(webUiUrl, namespace)}/${encodeURIComponent(
    workflowId,
  )}/${encodeURIComponent(runId)}`;
}
