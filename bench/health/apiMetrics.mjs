/**
 * Reads the API server's own request counter, `apiserver_request_total`, from
 * its `/metrics` endpoint with the admin kubeconfig (system:masters may read
 * it). The counter is incremented when a request finishes, so a watch that is
 * still open is not in it.
 */
import https from 'node:https';

/** A scraper of one API server's /metrics. */
export async function metricsReader(lib, adminKubeconfigPath) {
  const kc = new lib.KubeConfig();
  kc.loadFromFile(adminKubeconfigPath);
  const server = new URL(kc.getCurrentCluster().server);
  const options = {};
  await kc.applyToHTTPSOptions(options);
  const agent = new https.Agent({
    keepAlive: false,
    ca: options.ca,
    cert: options.cert,
    key: options.key,
  });
  const headers = { ...(options.headers ?? {}) };

  /** apiserver_request_total summed: `total`, and by verb. */
  return async function scrape() {
    const text = await new Promise((resolve, reject) => {
      const req = https.get(
        {
          host: server.hostname,
          port: server.port,
          path: '/metrics',
          agent,
          headers,
        },
        res => {
          let body = '';
          res.setEncoding('utf8');
          res.on('data', c => (body += c));
          res.on('end', () =>
            res.statusCode === 200
              ? resolve(body)
              : reject(
                  new Error(
                    `GET /metrics: HTTP ${res.statusCode}: ${body.slice(
                      0,
                      200,
                    )}`,
                  ),
                ),
          );
        },
      );
      req.on('error', reject);
    });
    const byVerb = {};
    let total = 0;
    for (const line of text.split('\n')) {
      if (!line.startsWith('apiserver_request_total{')) continue;
      const value = Number(line.slice(line.lastIndexOf(' ') + 1));
      const verb = /verb="([^"]*)"/.exec(line)?.[1] ?? '?';
      byVerb[verb] = (byVerb[verb] ?? 0) + value;
      total += value;
    }
    return { total, byVerb };
  };
}

/** The difference of two scrapes: total and by verb (verbs that moved only). */
export function metricsDelta(before, after) {
  const byVerb = {};
  for (const verb of new Set([
    ...Object.keys(before.byVerb),
    ...Object.keys(after.byVerb),
  ])) {
    const d = (after.byVerb[verb] ?? 0) - (before.byVerb[verb] ?? 0);
    if (d) byVerb[verb] = d;
  }
  return { total: after.total - before.total, byVerb };
}
