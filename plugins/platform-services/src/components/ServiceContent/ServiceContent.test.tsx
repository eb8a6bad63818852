import { registerMswTestHooks } from '@backstage/test-utils';
import { fireEvent, screen, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { temporalDetail } from '../../__testUtils__/exampleCatalog';
import { failingTemporalHealth, healthSummary } from '../../__testUtils__/healthFixtures';
import { BASE_URL, renderWithApi } from '../../__testUtils__/renderWithApi';
import { ServiceView } from './ServiceContent';

jest.mock('mermaid', () => ({
  __esModule: true,
  default: {
    initialize: jest.fn(),
    render: jest.fn(async (id: string) => ({ svg: `<svg id="${id}"><g/></svg>` })),
  },
}));

const server = setupServer();
registerMswTestHooks(server);

/** Health routes and an event stream that stays open until the page closes it. */
function liveHandlers() {
  return [
    http.get(`${BASE_URL}/services/temporal/health`, () => HttpResponse.json(failingTemporalHealth())),
    http.get(`${BASE_URL}/health`, () => HttpResponse.json(healthSummary())),
    http.get(`${BASE_URL}/services/temporal/runbooks/plans`, ({ request }) =>
      HttpResponse.json({
        environment: new URL(request.url).searchParams.get('environment'),
        requiresTypedConfirmation: false,
        runbooks: [],
      }),
    ),
    http.get(`${BASE_URL}/services/temporal/runs`, () => HttpResponse.json({ runs: [] })),
    http.get(`${BASE_URL}/services/temporal/temporal`, () => HttpResponse.json({ state: 'pending' })),
    http.get(
      `${BASE_URL}/events`,
      () =>
        new HttpResponse(new ReadableStream({ start() {} }), {
          headers: { 'Content-Type': 'text/event-stream' },
        }),
    ),
  ];
}

describe('ServiceView', () => {
  it('shows the live health, the matched runbook and drift, and opens the runbook from the banner', async () => {
    server.use(
      http.get(`${BASE_URL}/services/temporal`, () => HttpResponse.json(temporalDetail())),
      ...liveHandlers(),
    );
    await renderWithApi(<ServiceView name="temporal" />);
    const healthRegion = await screen.findByRole('region', { name: /Health/ });
    expect(await within(healthRegion).findByTestId('health-summary')).toHaveTextContent(
      'Unhealthy: HelmRelease flux-system/temporal-server upgrade failed',
    );
    const checks = within(healthRegion).getByRole('table', { name: 'Health checks' });
    const rows = within(checks).getAllByRole('row').slice(1);
    expect(rows[0]).toHaveAttribute('data-status', 'failed');
    expect(rows[rows.length - 1]).toHaveAttribute('data-status', 'ok');
    expect(within(healthRegion).getByText(/Live from cluster/)).toBeInTheDocument();

    const banner = within(healthRegion).getByTestId('runbook-banner');
    expect(banner).toHaveTextContent('Runbook: Schema migration job fails on upgrade');
    fireEvent.click(within(banner).getByRole('button', { name: 'Open runbook' }));
    expect(
      await screen.findByRole('button', { name: 'Schema migration job fails on upgrade', expanded: true }),
    ).toBeInTheDocument();

    const configuration = screen.getByRole('region', { name: 'Configuration' });
    const driftRow = within(configuration).getByText('TEMPORAL_WEB_MEMORY_LIMIT').closest('tr')!;
    expect(driftRow.querySelector('[data-drift="mismatch"]')).toHaveTextContent(/512Mi/);
  });

  it('says when the cluster is unreachable and the data is stale', async () => {
    const stale = failingTemporalHealth();
    stale.freshness = {
      cluster: 'local',
      connected: false,
      staleSince: '2026-11-26T10:04:00.000Z',
      lastError: 'connect ECONNREFUSED 127.0.0.1:6443',
      partial: [],
    };
    stale.health = { ...stale.health, status: 'unknown', summary: 'Unknown: no live data', checks: [], runbooks: [] };
    server.use(
      // The first handler that matches answers.
      http.get(`${BASE_URL}/services/temporal/health`, () => HttpResponse.json(stale)),
      http.get(`${BASE_URL}/services/temporal`, () => HttpResponse.json(temporalDetail())),
      ...liveHandlers(),
    );
    await renderWithApi(<ServiceView name="temporal" />);
    const freshness = await screen.findByTestId('freshness');
    expect(freshness).toHaveTextContent(/Stale since .*cluster local cannot be reached/);
    expect(freshness).toHaveTextContent('connect ECONNREFUSED 127.0.0.1:6443');
  });

  it('shows every section of the seed page for Temporal', async () => {
    server.use(
      http.get(`${BASE_URL}/services/temporal`, () => HttpResponse.json(temporalDetail())),
      ...liveHandlers(),
    );
    await renderWithApi(<ServiceView name="temporal" />);

    expect(await screen.findByRole('heading', { name: 'Overview' })).toBeInTheDocument();
    const overview = screen.getByRole('region', { name: 'Overview' });
    expect(within(overview).getByText(/is a durable execution platform/)).toBeInTheDocument();
    expect(within(overview).getByText('Application services')).toBeInTheDocument();
    expect(within(overview).getByRole('link', { name: /apps\/base\/temporal\// })).toHaveAttribute(
      'href',
      'https://github.com/example-org/platform-gitops/tree/165b485/apps/base/temporal/',
    );

    const deps = screen.getByRole('region', { name: 'Dependencies' });
    const upstream = within(deps).getByRole('table', { name: 'Upstream dependencies' });
    expect(within(upstream).getAllByRole('row')).toHaveLength(3);
    expect(within(upstream).getByText('external-secrets-config')).toBeInTheDocument();
    expect(within(upstream).getAllByText('Flux dependsOn')).toHaveLength(2);
    expect(await within(upstream).findByLabelText(/Live status: degraded/)).toBeInTheDocument();
    expect(within(upstream).getByLabelText(/Live status: healthy/)).toBeInTheDocument();
    expect(within(deps).getByText('No known downstream Flux dependencies.')).toBeInTheDocument();

    const features = screen.getByRole('table', { name: 'Features' });
    expect(within(features).getAllByRole('row')).toHaveLength(9);

    const runbooks = screen.getByRole('region', { name: 'Operations' });
    expect(within(runbooks).getAllByRole('button', { expanded: false })).toHaveLength(6);

    const related = screen.getByRole('region', { name: 'Related' });
    expect(within(related).getAllByRole('link')).toHaveLength(3);
    expect(screen.getByText(/Generated from service-catalog.json at commit/)).toBeInTheDocument();
    expect(screen.getByText('4d088b0b3a67b4c4')).toBeInTheDocument();
  });

  it('says plainly when the service is no longer in the catalog', async () => {
    server.use(
      http.get(`${BASE_URL}/services/gone`, () =>
        HttpResponse.json(
          { error: { name: 'NotFoundError', message: 'No service named "gone"' }, response: { statusCode: 404 } },
          { status: 404 },
        ),
      ),
    );
    await renderWithApi(<ServiceView name="gone" />);
    expect(
      await screen.findByText('"gone" is no longer in the service catalog'),
    ).toBeInTheDocument();
  });

  it('shows the error when the backend is down, and recovers on retry', async () => {
    let calls = 0;
    server.use(
      http.get(`${BASE_URL}/services/temporal`, () => {
        calls++;
        if (calls === 1) {
          return HttpResponse.json(
            { error: { name: 'Error', message: 'connect ECONNREFUSED' }, response: { statusCode: 503 } },
            { status: 503 },
          );
        }
        return HttpResponse.json(temporalDetail());
      }),
      ...liveHandlers(),
    );
    await renderWithApi(<ServiceView name="temporal" />);
    expect(
      await screen.findByText(/Could not load the service from the platform-services backend/),
    ).toBeInTheDocument();
    fireEvent.click(screen.getByRole('button', { name: 'Try again' }));
    expect(await screen.findByRole('heading', { name: 'Overview' })).toBeInTheDocument();
  });
});
