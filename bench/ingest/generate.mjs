/**
 * Synthetic `service-catalog.json` files for the ingest benchmark, shaped like
 * examples/service-catalog.json (about 4-5 KB of JSON per service).
 *
 * Every service has: a two-paragraph Markdown description with a link, a
 * purpose, 3 links, a namespace, Flux Kustomization (and HelmRelease plus chart
 * for ~3/4 of them), 1-3 `dependsOn` entries pointing at *earlier* services
 * only (so the graph has no cycles and no unknown names), 4 features, 1 Mermaid
 * diagram, 8 parameters over the 2 environments (2-3 with a live binding, one
 * set in prod only), 2 runbooks with 6-line scripts (2 comment lines, one
 * continuation line) and 3 related paths.
 *
 * Deterministic: the same size always gives the same text.
 */

const LAYERS = [
  'GitOps',
  'Security',
  'Networking',
  'Data',
  'Observability',
  'Scaling',
  'Developer tools',
  'Application services',
];

const WORDS = [
  'ledger',
  'billing',
  'search',
  'gateway',
  'queue',
  'cache',
  'auth',
  'orders',
  'catalog',
  'media',
  'notify',
  'report',
  'pricing',
  'ingest',
  'profile',
  'audit',
  'metrics',
  'stream',
  'export',
  'import',
  'session',
  'payments',
  'routing',
  'inventory',
];

/** Small, fast PRNG so that the catalogs are reproducible. */
function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function serviceName(i) {
  return `${WORDS[i % WORDS.length]}-${WORDS[(i * 7 + 3) % WORDS.length]}-${i}`;
}

function titleOf(name) {
  return name
    .split('-')
    .map(w => w.charAt(0).toUpperCase() + w.slice(1))
    .join(' ');
}

function makeService(i, rand) {
  const name = serviceName(i);
  const title = titleOf(name);
  const helm = rand() < 0.75;
  const layer = LAYERS[Math.floor(rand() * LAYERS.length)];
  const ns = `${name.split('-')[0]}-${i % 50}`;
  const upper = name.toUpperCase().replace(/-/g, '_');

  const dependsOn = [];
  if (i > 0) {
    const count = Math.min(i, 1 + Math.floor(rand() * 3));
    const chosen = new Set();
    while (chosen.size < count) {
      // Mostly near neighbours, sometimes far back: a realistic, acyclic DAG.
      const back =
        rand() < 0.7
          ? 1 + Math.floor(rand() * Math.min(i, 20))
          : 1 + Math.floor(rand() * i);
      chosen.add(i - back);
    }
    for (const j of chosen) {
      dependsOn.push({
        service: serviceName(j),
        reason: `Needs ${titleOf(
          serviceName(j),
        )} ready before start-up (Flux dependsOn)`,
      });
    }
  }

  const flux = { kustomization: { name, namespace: 'flux-system' } };
  if (helm) flux.helmRelease = { name, namespace: 'flux-system' };

  const parameters = [
    {
      name: `${upper}_CHART_VERSION`,
      values: { dev: `1.${i % 40}.0`, prod: `1.${i % 40}.0` },
    },
    {
      name: `${upper}_REPLICAS`,
      values: { dev: '1', prod: String(2 + (i % 3)) },
    },
    { name: `${upper}_CPU_LIMIT`, values: { dev: '500m', prod: '2000m' } },
    { name: `${upper}_MEMORY_LIMIT`, values: { dev: '512Mi', prod: '2Gi' } },
    { name: `${upper}_LOG_LEVEL`, values: { dev: 'debug', prod: 'info' } },
    {
      name: `${upper}_DB_NAME`,
      values: { dev: name.replace(/-/g, '_'), prod: name.replace(/-/g, '_') },
    },
    {
      name: `${upper}_HOSTNAME`,
      values: {
        dev: `${name}.dev.example.internal`,
        prod: `${name}.example.com`,
      },
    },
    { name: `${upper}_ALERT_CHANNEL`, values: { prod: `#alerts-${name}` } },
  ];
  if (helm) {
    parameters[0].live = {
      object: 'helmRelease',
      path: 'spec.chart.spec.version',
    };
    parameters[2].live = {
      object: 'helmRelease',
      path: 'spec.values.resources.limits.cpu',
    };
    parameters[3].live = {
      object: 'helmRelease',
      path: 'spec.values.resources.limits.memory',
    };
  } else {
    parameters[4].live = { object: 'kustomization', path: 'spec.interval' };
    parameters[1].live = {
      object: 'kustomization',
      path: 'spec.postBuild.substitute.REPLICAS',
    };
  }

  const kind = helm ? 'helmrelease' : 'kustomization';
  const runbook = (k, headline, symptom) => ({
    title: `${title} ${headline}`,
    ...(k === 0
      ? {
          id: `${name}-${headline.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`
            .slice(0, 63)
            .replace(/-+$/, ''),
        }
      : {}),
    symptoms: `${symptom} The \`${name}\` pods in \`${ns}\` show \`${
      k === 0 ? 'CrashLoopBackOff' : 'Ready=False'
    }\` and dependants of **${title}** stop reconciling.`,
    script: [
      `# Check the Flux object first; its last message usually names the cause:`,
      `flux get ${kind}s ${name} -n flux-system`,
      `kubectl get pods -n ${ns} -l app.kubernetes.io/name=${name} -o wide`,
      `# Look at the most recent logs of the failing container:`,
      `kubectl logs -n ${ns} deployment/${name} --tail=200 \\`,
      `  --all-containers --prefix | grep -iE 'error|fatal|panic'`,
    ].join('\n'),
  });

  return {
    name,
    title,
    description:
      `**${title}** is a platform service in the ${layer} layer. It runs in the \`${ns}\` namespace and is deployed by Flux from [the GitOps repository](https://github.com/example-org/platform-gitops/tree/main/apps/${name}/). ` +
      `It exposes an HTTP API on port 8080 and publishes metrics for Prometheus on port 9090.\n\n` +
      `Upgrades are rolled out by changing \`${upper}_CHART_VERSION\` in \`base/services/environment.env\`; per-stage overrides live in the stage's \`environment.env\`. See the runbooks below when the Kustomization is not \`Ready\`.`,
    links: [
      { title: 'Website', url: `https://${name}.example.com` },
      { title: 'GitHub', url: `https://github.com/example-org/${name}` },
      {
        title: 'Documentation',
        url: `https://docs.example.com/services/${name}/`,
      },
    ],
    namespace: ns,
    type: helm ? 'HelmRelease' : 'Kustomization',
    ...(helm
      ? {
          chart: {
            name,
            version: `1.${i % 40}.0`,
            repository: `https://charts.example.com/${name.split('-')[0]}`,
          },
        }
      : {}),
    layer,
    status: rand() < 0.95 ? 'Enabled' : 'Disabled',
    sourcePath: `apps/${name}/`,
    owner: `group:default/team-${WORDS[i % WORDS.length]}`,
    flux,
    dependsOn,
    purpose: `${title} exists so that the teams depending on it do not each run their own copy. Its configuration is kept in Git, and a merge to \`main\` is the deployment.`,
    features: [
      {
        name: 'High availability',
        detail: `Runs ${
          2 + (i % 3)
        } replicas in prod behind a PodDisruptionBudget with \`minAvailable: 1\`.`,
      },
      {
        name: 'Metrics',
        detail:
          'A ServiceMonitor scrapes `/metrics` every 30s; dashboards are provisioned from `grafana-dashboards`.',
      },
      {
        name: 'Secrets from the store',
        detail: `Credentials come from an ExternalSecret in \`${ns}\`, refreshed every hour.`,
      },
      {
        name: 'Ordered start-up',
        detail: `Flux waits for ${
          dependsOn.length || 'no'
        } upstream Kustomization(s) before applying it.`,
      },
    ],
    diagrams: [
      {
        title: `${title} topology`,
        format: 'mermaid',
        source: [
          'flowchart LR',
          `    KS[Kustomization: ${name}] -->|"apply"| ${
            helm ? `HR[HelmRelease: ${name}]` : `DEP[Deployment: ${name}]`
          }`,
          ...(helm
            ? [`    HR -->|"install / upgrade"| DEP[Deployment: ${name}]`]
            : []),
          `    DEP -->|"reads"| SEC[Secret: ${name}-credentials]`,
          `    TR[Traefik] -->|"Host: ${name}.local"| SVC[Service: ${name}]`,
          '    SVC --> DEP',
          ...dependsOn.map(
            (d, k) => `    DEP -->|"depends on"| UP${k}[${d.service}]`,
          ),
        ].join('\n'),
      },
    ],
    configuration: { file: 'base/services/environment.env', parameters },
    runbooks: [
      runbook(
        0,
        'pods crash-looping after upgrade',
        'After a chart or image upgrade the new pods restart repeatedly.',
      ),
      runbook(
        1,
        'Kustomization not ready',
        'The Kustomization reports `Ready=False` with a health-check timeout.',
      ),
    ],
    related: [
      {
        path: `apps/${name}/`,
        description: helm
          ? 'HelmRelease, values and ExternalSecret'
          : 'Manifests and ExternalSecret',
      },
      { path: `base/services/${name}.yaml`, description: 'Flux Kustomization' },
      {
        path: 'base/services/environment.env',
        description: 'environment variables',
      },
    ],
  };
}

/** A catalog object with `count` services. */
export function generateCatalog(count, seed = 42) {
  const rand = mulberry32(seed + count);
  const services = [];
  for (let i = 0; i < count; i++) services.push(makeService(i, rand));
  return {
    catalogVersion: 1,
    generatedAt: '2025-08-19T07:42:13Z',
    source: {
      repository: 'https://github.com/example-org/platform-gitops',
      commit: '165b485',
      catalogSha: '4d088b0b3a67b4c4',
    },
    environments: [
      {
        name: 'dev',
        title: 'Dev',
        overrides: 'clusters/stages/dev/services/environment.env',
      },
      {
        name: 'prod',
        title: 'Prod',
        overrides: 'clusters/stages/prod/services/environment.env',
      },
    ],
    services,
  };
}

/** The catalog as the generator would write it (pretty-printed like the example). */
export function generateCatalogText(count, seed = 42) {
  return JSON.stringify(generateCatalog(count, seed), null, 2);
}
