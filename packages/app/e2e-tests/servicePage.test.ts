import { expect, Page, test } from '@playwright/test';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const resultsDir = join(__dirname, '../../../test-results');
const report: Record<string, unknown> = {};

async function signIn(page: Page, path: string) {
  await page.goto(path);
  const enter = page.getByRole('button', { name: 'Enter' });
  await enter.waitFor();
  await enter.click();
}

test.afterAll(() => {
  mkdirSync(resultsDir, { recursive: true });
  writeFileSync(join(resultsDir, 'service-page-report.json'), JSON.stringify(report, null, 2));
});

test('the Temporal page shows every section of the seed page, diagrams rendered', async ({
  page,
}) => {
  let payloadBytes = 0;
  page.on('response', async response => {
    if (response.url().endsWith('/api/platform-services/services/temporal')) {
      payloadBytes = (await response.body()).byteLength;
    }
  });
  await signIn(page, '/catalog/default/component/temporal/service');
  const started = Date.now();

  const overview = page.getByRole('region', { name: 'Overview' });
  await expect(overview.getByText('is a durable execution platform', { exact: false })).toBeVisible();
  report.timeToOverviewMs = Date.now() - started;

  await expect(page.getByRole('table', { name: 'Features' }).getByRole('row')).toHaveCount(9);

  const architecture = page.getByRole('region', { name: 'Architecture' });
  await expect(architecture.locator('[data-testid="mermaid-svg"] svg')).toHaveCount(2);
  report.timeToDiagramsMs = Date.now() - started;
  await expect(architecture.getByRole('img', { name: 'Temporal Deployment Topology' })).toBeVisible();
  await expect(architecture.getByRole('img', { name: 'Temporal Request Flow' })).toBeVisible();

  const configuration = page.getByRole('region', { name: 'Configuration' });
  await expect(configuration.locator('tbody tr')).toHaveCount(12);

  const operations = page.getByRole('region', { name: 'Operations' });
  await expect(operations.getByRole('button', { expanded: false })).toHaveCount(6);

  await expect(page.getByText('4d088b0b3a67b4c4')).toBeVisible();
  report.servicePayloadBytes = payloadBytes;
  expect(payloadBytes).toBeGreaterThan(0);

  const navigation = await page.evaluate(() => {
    const [nav] = performance.getEntriesByType('navigation') as PerformanceNavigationTiming[];
    return { domInteractiveMs: nav.domInteractive, loadEventEndMs: nav.loadEventEnd };
  });
  report.navigation = navigation;

  mkdirSync(resultsDir, { recursive: true });
  await page.screenshot({ path: join(resultsDir, 'temporal-light.png'), fullPage: true });
});

test('the diagram library loads only with the Service tab', async ({ page }) => {
  const loaded: Array<{ url: string; bytes: number }> = [];
  page.on('response', async response => {
    if (response.url().endsWith('.js')) {
      loaded.push({ url: response.url(), bytes: (await response.body()).byteLength });
    }
  });
  await signIn(page, '/catalog/default/component/temporal');
  const serviceTab = page.locator('a[href$="/component/temporal/service"]').first();
  await expect(serviceTab).toBeVisible();
  await page.waitForLoadState('networkidle');
  const before = new Set(loaded.map(l => l.url));
  const bytesBefore = loaded.reduce((sum, l) => sum + l.bytes, 0);

  await serviceTab.click();
  const architecture = page.getByRole('region', { name: 'Architecture' });
  await expect(architecture.locator('[data-testid="mermaid-svg"] svg')).toHaveCount(2);
  await page.waitForLoadState('networkidle');
  const added = loaded.filter(l => !before.has(l.url));
  report.javascript = {
    entityOverviewBytes: bytesBefore,
    serviceTabAddedBytes: added.reduce((sum, l) => sum + l.bytes, 0),
    serviceTabAddedChunks: added.map(l => ({ file: l.url.split('/').pop(), bytes: l.bytes })),
  };
  // Opening the Service tab is what brings the chunks in: they were not part of the app shell.
  expect(added.length).toBeGreaterThan(0);
});

test('a runbook opens from its deep link', async ({ page }) => {
  await signIn(
    page,
    '/catalog/default/component/temporal/service#runbook-externalsecret-not-syncing-credentials',
  );
  const runbook = page.getByRole('button', {
    name: 'ExternalSecret not syncing credentials',
    expanded: true,
  });
  await expect(runbook).toBeVisible();
  const steps = page.getByRole('list', { name: 'Steps of ExternalSecret not syncing credentials' });
  await expect(
    steps.getByText(
      'kubectl annotate externalsecret postgresql-cluster-app -n temporal force-sync=$(date +%s) --overwrite',
    ),
  ).toBeVisible();
});

test('the page reads in the dark theme', async ({ page }) => {
  await page.addInitScript(() => window.localStorage.setItem('theme', 'dark'));
  await signIn(page, '/catalog/default/component/temporal/service');
  const architecture = page.getByRole('region', { name: 'Architecture' });
  await expect(architecture.locator('[data-testid="mermaid-svg"] svg')).toHaveCount(2);
  const background = await page.evaluate(
    () => getComputedStyle(document.querySelector('section#overview')!).backgroundColor,
  );
  // A dark surface: every channel well below mid-grey.
  const [r, g, b] = background.match(/\d+/g)!.map(Number);
  expect(Math.max(r, g, b)).toBeLessThan(100);
  await page.screenshot({ path: join(resultsDir, 'temporal-dark.png'), fullPage: true });
});

test('the services list finds services and filters by layer', async ({ page }) => {
  await signIn(page, '/platform-services');
  const table = page.getByRole('table', { name: 'Platform services' });
  await expect(table.locator('tbody tr')).toHaveCount(20);
  await page.getByLabel('Search services').fill('temporal');
  await expect(table.locator('tbody tr')).toHaveCount(1);
  await table.getByRole('link', { name: 'Temporal' }).click();
  await expect(page.getByRole('region', { name: 'Overview' })).toBeVisible();
});
