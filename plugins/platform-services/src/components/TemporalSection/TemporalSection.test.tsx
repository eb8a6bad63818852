import { registerMswTestHooks } from '@backstage/test-utils';
import { screen, waitFor, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { BASE_URL, renderWithApi } from '../../__testUtils__/renderWithApi';
import { temporalProbe } from './__fixtures__/temporalProbe';
import { formatSeconds, TemporalSection } from './TemporalSection';

const server = setupServer();
registerMswTestHooks(server);

/** The health channel, with a way to push an event down it. */
function eventChannel() {
  const encoder = new TextEncoder();
  const controllers: ReadableStreamDefaultController<Uint8Array>[] = [];
  const handler = http.get(
    `${BASE_URL}/events`,
    () =>
      new HttpResponse(
        new ReadableStream<Uint8Array>({
          start(controller) {
            controllers.push(controller);
          },
        }),
        { headers: { 'Content-Type': 'text/event-stream' } },
      ),
  );
  const push = (services: string[], environment = 'dev') => {
    const data = JSON.stringify({
      type: 'health-changed',
      environment,
      services,
      at: new Date().toISOString(),
    });
    for (const c of controllers)
      c.enqueue(encoder.encode(`event: health-changed\ndata: ${data}\n\n`));
  };
  return { handler, push, connected: () => controllers.length > 0 };
}

describe('TemporalSection', () => {
  it('shows the server, namespaces, task queues with the backlog signal, counts and failures', async () => {
    const events = eventChannel();
    server.use(
      events.handler,
      http.get(`${BASE_URL}/services/temporal/temporal`, () =>
        HttpResponse.json({ state: 'probed', result: temporalProbe() }),
      ),
    );
    await renderWithApi(
      <TemporalSection service="temporal" environment="dev" />,
    );
    const section = await screen.findByRole('region', { name: 'Temporal' });
    expect(within(section).getByTestId('probe-freshness')).toHaveTextContent(
      /Checked at .* in 87 ms; frontend temporal-server-frontend.temporal:7233/,
    );
    expect(within(section).getByTestId('temporal-version')).toHaveTextContent(
      'Temporal server 1.29.1',
    );
    expect(within(section).getByText('SERVING')).toBeInTheDocument();

    const namespaces = within(section).getByRole('table', {
      name: 'Namespaces',
    });
    const defaultRow = namespaces.querySelector(
      '[data-namespace="default"]',
    ) as HTMLElement;
    expect(
      within(defaultRow).getByRole('link', { name: /^default/ }),
    ).toHaveAttribute(
      'href',
      'https://temporal.local/namespaces/default/workflows',
    );
    expect(defaultRow).toHaveTextContent('1d (declared 72h)');
    expect(
      defaultRow.querySelector('[data-drift="mismatch"]'),
    ).toHaveTextContent('differs from declared');
    const paymentsRow = namespaces.querySelector(
      '[data-namespace="payments"]',
    ) as HTMLElement;
    expect(paymentsRow).toHaveTextContent('not-found');
    expect(paymentsRow.querySelector('[data-drift="mismatch"]')).toBeNull();

    const queues = within(section).getByRole('table', { name: 'Task queues' });
    expect(within(queues).getByText('orders')).toBeInTheDocument();
    expect(
      within(queues).getByText('default · configured · 12 running'),
    ).toBeInTheDocument();
    expect(within(queues).getByTestId('backlog-no-pollers')).toHaveTextContent(
      'backlog, no pollers',
    );
    const activity = queues.querySelector(
      '[data-type="activity"]',
    ) as HTMLElement;
    expect(activity).toHaveTextContent('none');
    expect(activity).toHaveTextContent('42 · oldest 5 min 10 s');
    const workflow = queues.querySelector(
      '[data-type="workflow"]',
    ) as HTMLElement;
    expect(workflow).toHaveTextContent('1@orders-worker-7d9f');
    expect(workflow).toHaveTextContent(/last poll/);

    const counts = within(section).getByLabelText(
      'Workflows of default by status',
    );
    expect(within(counts).getByText('Running 12')).toBeInTheDocument();
    expect(within(counts).getByText('Failed 3')).toBeInTheDocument();
    expect(within(counts).getByText('Completed 5')).toBeInTheDocument();

    const failures = within(section).getByRole('table', {
      name: 'Recent failures',
    });
    expect(
      within(failures).getByRole('link', { name: /^order-1234/ }),
    ).toHaveAttribute(
      'href',
      'https://temporal.local/namespaces/default/workflows/order-1234/run-abc',
    );
    expect(within(failures).getByText('ProcessOrder')).toBeInTheDocument();

    expect(within(section).getByTestId('temporal-signals')).toHaveTextContent(
      'Task queue default/orders has 42 activity tasks waiting and no pollers',
    );
  });

  it('renders nothing when no Temporal server is configured for the service', async () => {
    let asked = 0;
    server.use(
      eventChannel().handler,
      http.get(`${BASE_URL}/services/postgresql-cluster/temporal`, () => {
        asked++;
        return HttpResponse.json(
          {
            error: {
              name: 'NotFoundError',
              message: 'No Temporal server for postgresql-cluster in dev',
            },
          },
          { status: 404 },
        );
      }),
    );
    const { container } = await renderWithApi(
      <div data-testid="host">
        <TemporalSection service="postgresql-cluster" environment="dev" />
      </div>,
    );
    await waitFor(() => expect(asked).toBe(1));
    // Give the answer time to render.
    await new Promise(resolve => setTimeout(resolve, 50));
    expect(screen.getByTestId('host')).toBeEmptyDOMElement();
    expect(container.querySelector('#temporal')).toBeNull();
  });

  it('says the server is unreachable and that the rest of the page still works', async () => {
    server.use(
      eventChannel().handler,
      http.get(`${BASE_URL}/services/temporal/temporal`, () =>
        HttpResponse.json({
          state: 'probed',
          result: temporalProbe({
            reachable: false,
            health: undefined,
            error: '14 UNAVAILABLE: No connection established',
            server: undefined,
            namespaces: [],
            taskQueues: [],
            workflowCounts: [],
            recentFailures: [],
            signals: [],
          }),
        }),
      ),
    );
    await renderWithApi(
      <TemporalSection service="temporal" environment="dev" />,
    );
    const alert = await screen.findByTestId('probe-unreachable');
    expect(alert).toHaveTextContent(
      '14 UNAVAILABLE: No connection established',
    );
    expect(alert).toHaveTextContent('the rest of the page still works');
    expect(
      screen.queryByRole('table', { name: 'Task queues' }),
    ).not.toBeInTheDocument();
  });

  it('says when the first probe has not finished', async () => {
    server.use(
      eventChannel().handler,
      http.get(`${BASE_URL}/services/temporal/temporal`, () =>
        HttpResponse.json({ state: 'pending' }),
      ),
    );
    await renderWithApi(
      <TemporalSection service="temporal" environment="dev" />,
    );
    expect(await screen.findByTestId('probe-pending')).toBeInTheDocument();
  });

  it('asks again on its refresh interval', async () => {
    let asked = 0;
    server.use(
      eventChannel().handler,
      http.get(`${BASE_URL}/services/temporal/temporal`, () => {
        asked++;
        return HttpResponse.json({ state: 'probed', result: temporalProbe() });
      }),
    );
    await renderWithApi(
      <TemporalSection service="temporal" environment="dev" refreshMs={50} />,
    );
    await screen.findByTestId('temporal-version');
    await waitFor(() => expect(asked).toBeGreaterThanOrEqual(3));
  });

  it('loads again when the health channel says the service changed', async () => {
    const events = eventChannel();
    let version = '1.29.1';
    server.use(
      events.handler,
      http.get(`${BASE_URL}/services/temporal/temporal`, () =>
        HttpResponse.json({
          state: 'probed',
          result: temporalProbe({
            server: {
              version,
              capabilities: {},
              backlogApi: 'task-queue-stats',
              countApi: 'group-by',
            },
          }),
        }),
      ),
    );
    await renderWithApi(
      <TemporalSection service="temporal" environment="dev" />,
    );
    expect(await screen.findByTestId('temporal-version')).toHaveTextContent(
      '1.29.1',
    );
    await waitFor(() => expect(events.connected()).toBe(true));
    version = '1.29.2';
    events.push(['postgresql-cluster']);
    events.push(['temporal'], 'prod');
    await new Promise(resolve => setTimeout(resolve, 100));
    expect(screen.getByTestId('temporal-version')).toHaveTextContent('1.29.1');
    events.push(['temporal']);
    await waitFor(() =>
      expect(screen.getByTestId('temporal-version')).toHaveTextContent(
        '1.29.2',
      ),
    );
  });
});

describe('formatSeconds', () => {
  it('writes durations the short way', () => {
    expect(formatSeconds(45)).toBe('45 s');
    expect(formatSeconds(310)).toBe('5 min 10 s');
    expect(formatSeconds(3_700)).toBe('1 h 1 min');
    expect(formatSeconds(90_000)).toBe('1 d 1 h');
  });
});
