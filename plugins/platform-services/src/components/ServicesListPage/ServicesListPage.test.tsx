import { registerMswTestHooks } from '@backstage/test-utils';
import { fireEvent, screen, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { servicesResponse } from '../../__testUtils__/exampleCatalog';
import { healthSummary } from '../../__testUtils__/healthFixtures';
import { BASE_URL, renderWithApi } from '../../__testUtils__/renderWithApi';
import { ServicesListPage } from './ServicesListPage';

const server = setupServer();
registerMswTestHooks(server);

function handlers() {
  return [
    http.get(`${BASE_URL}/services`, () => HttpResponse.json(servicesResponse())),
    http.get(`${BASE_URL}/health`, () => HttpResponse.json(healthSummary())),
    http.get(
      `${BASE_URL}/events`,
      () =>
        new HttpResponse(new ReadableStream({ start() {} }), {
          headers: { 'Content-Type': 'text/event-stream' },
        }),
    ),
  ];
}

describe('ServicesListPage', () => {
  it('lists every service with its live health, searchable and filtered by layer', async () => {
    server.use(...handlers());
    await renderWithApi(<ServicesListPage />);
    const table = await screen.findByRole('table', { name: 'Platform services' });
    expect(within(table).getAllByRole('row')).toHaveLength(21);
    expect(await within(table).findByLabelText(/Live status: degraded/)).toBeInTheDocument();

    fireEvent.change(screen.getByLabelText('Search services'), { target: { value: 'postgres' } });
    expect(within(table).getAllByRole('row')).toHaveLength(2);
    expect(within(table).getByText('PostgreSQL cluster')).toBeInTheDocument();
  });

  it('says so when no catalog has been accepted yet', async () => {
    server.use(
      http.get(`${BASE_URL}/services`, () => HttpResponse.json({ catalog: null, services: [] })),
      ...handlers().slice(1),
    );
    await renderWithApi(<ServicesListPage />);
    expect(await screen.findByText('No service catalog accepted yet')).toBeInTheDocument();
  });

  it('shows the error when the backend cannot be reached', async () => {
    server.use(
      http.get(`${BASE_URL}/services`, () =>
        HttpResponse.json({ error: { name: 'Error', message: 'backend down' } }, { status: 500 }),
      ),
      ...handlers().slice(1),
    );
    await renderWithApi(<ServicesListPage />);
    expect((await screen.findAllByText(/backend down/)).length).toBeGreaterThan(0);
  });
});
