import { expect, Page, test } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { request as httpsRequest } from 'node:https';
import { join } from 'node:path';

/**
 * The incident flow on the local stack (scripts/e2e.sh starts it with the
 * externalsecret-not-syncing scenario): the page names the runbook, its
 * diagnostic shows the ExternalSecret's status, and its force-sync step, after
 * preview and confirmation, sets the annotation in the cluster and shows in
 * the history with the user's name.
 */
const stackDir = process.env.E2E_STACK_DIR;

/** Reads an object from the stack's API server as the admin. */
function readFromCluster(path: string): Promise<any> {
  const stack = JSON.parse(readFileSync(join(stackDir!, 'stack.json'), 'utf8'));
  const kubeconfig = readFileSync(stack.kubeconfigs.admin, 'utf8');
  const token = kubeconfig.match(/token: (\S+)/)![1];
  const ca = Buffer.from(kubeconfig.match(/certificate-authority-data: (\S+)/)![1], 'base64');
  const url = new URL(path, stack.kubeApiUrl);
  return new Promise((resolve, reject) => {
    const req = httpsRequest(url, { ca, headers: { Authorization: `Bearer ${token}` } }, res => {
      let body = '';
      res.on('data', chunk => (body += chunk));
      res.on('end', () => resolve(JSON.parse(body)));
    });
    req.on('error', reject);
    req.end();
  });
}

async function signIn(page: Page, path: string) {
  await page.goto(path);
  const enter = page.getByRole('button', { name: 'Enter' });
  await enter.waitFor();
  await enter.click();
}

test.skip(!stackDir, 'needs the local stack (scripts/e2e.sh starts it)');

test('an ExternalSecret incident: the runbook is named, diagnosed, and its force-sync runs after confirmation', async ({
  page,
}) => {
  await signIn(page, '/catalog/default/component/temporal/service');

  const health = page.getByRole('region', { name: /^Health/ });
  const banner = health.getByTestId('runbook-banner');
  await expect(banner).toContainText('Runbook: ExternalSecret not syncing credentials');
  await expect(health.getByText(/Live from cluster/)).toBeVisible();

  await banner.getByRole('button', { name: 'Open runbook' }).click();
  const steps = page.getByRole('list', { name: 'Steps of ExternalSecret not syncing credentials' });
  await expect(steps).toBeVisible();

  // The diagnostic: what the cluster holds for the ExternalSecret.
  await steps.getByRole('button', { name: 'Run step 1' }).click();
  await expect(steps.getByText('SecretSyncedError').first()).toBeVisible();

  // The action: preview (server-side dry run), typed confirmation, change.
  const before = await readFromCluster(
    '/apis/external-secrets.io/v1/namespaces/temporal/externalsecrets/postgresql-cluster-app',
  );
  expect(before.metadata.annotations?.['force-sync']).toBeUndefined();
  await steps.getByRole('button', { name: 'Preview and run step 6…' }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog.getByTestId('action-preview')).toContainText('force-sync');
  const afterPreview = await readFromCluster(
    '/apis/external-secrets.io/v1/namespaces/temporal/externalsecrets/postgresql-cluster-app',
  );
  expect(afterPreview.metadata.resourceVersion).toBe(before.metadata.resourceVersion);

  const confirmation = (await dialog.getByTestId('confirmation-text').textContent())!.trim();
  await dialog.getByLabel('Confirmation').fill(confirmation);
  await dialog.getByRole('button', { name: 'Run' }).click();
  await expect(dialog.getByText('succeeded')).toBeVisible();
  await dialog.getByRole('button', { name: 'Close' }).click();

  const after = await readFromCluster(
    '/apis/external-secrets.io/v1/namespaces/temporal/externalsecrets/postgresql-cluster-app',
  );
  expect(after.metadata.annotations?.['force-sync']).toMatch(/^\d+$/);

  const history = page.getByRole('region', { name: /Run history/ });
  await expect(history.getByText('guest').first()).toBeVisible();
  await expect(history.getByText(/force-sync/).first()).toBeVisible();
  await page.screenshot({ path: join(__dirname, '../../../test-results/temporal-incident.png'), fullPage: true });
});
