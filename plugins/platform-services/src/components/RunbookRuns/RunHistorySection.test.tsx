import { registerMswTestHooks } from '@backstage/test-utils';
import { fireEvent, screen, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { temporalDetail } from '../../__testUtils__/exampleCatalog';
import { BASE_URL, renderWithApi } from '../../__testUtils__/renderWithApi';
import { historyRuns } from './__testUtils__/fakeRunsBackend';
import {
  actorName,
  formatDuration,
  RunHistorySection,
} from './RunHistorySection';

const server = setupServer();
registerMswTestHooks(server);

describe('RunHistorySection', () => {
  it('lists runs newest first with who ran them and the outcome, and expands one', async () => {
    const requests: string[] = [];
    server.use(
      http.get(`${BASE_URL}/services/temporal/runs`, ({ request }) => {
        requests.push(request.url);
        return HttpResponse.json({ runs: historyRuns() });
      }),
    );
    await renderWithApi(
      <RunHistorySection service={temporalDetail()} environment="dev" />,
    );
    const region = await screen.findByRole('region', { name: /Run history/ });
    const table = await within(region).findByRole('table', { name: 'Runs' });
    const rows = within(table)
      .getAllByRole('row')
      .filter(r => r.hasAttribute('data-run-id'));
    expect(rows.map(r => r.getAttribute('data-run-id'))).toEqual([
      'r-2',
      'r-1',
    ]);

    expect(within(rows[0]).getByText('omar')).toBeInTheDocument();
    expect(
      within(rows[0]).getByText('Schema migration job fails on upgrade'),
    ).toBeInTheDocument();
    expect(within(rows[0]).getByText('step 6')).toBeInTheDocument();
    expect(
      within(rows[0]).getByText(
        'flux suspend helmrelease temporal-server -n flux-system',
      ),
    ).toBeInTheDocument();
    expect(within(rows[0]).getByText('failed')).toHaveAttribute(
      'class',
      expect.stringContaining('Chip'),
    );
    expect(within(rows[0]).getByText('3.0 s')).toBeInTheDocument();
    expect(within(rows[1]).getByText('jane')).toBeInTheDocument();
    expect(within(rows[1]).getByText('succeeded')).toBeInTheDocument();
    expect(within(rows[1]).getByText('300 ms')).toBeInTheDocument();
    expect(requests[0]).toContain('environment=dev');
    expect(requests[0]).toContain('limit=50');

    const expand = within(rows[0]).getByRole('button', {
      name: /Show details/,
    });
    expect(expand).toHaveAttribute('aria-expanded', 'false');
    fireEvent.click(expand);
    expect(expand).toHaveAttribute('aria-expanded', 'true');
    expect(
      await screen.findByText('the HelmRelease changed since the preview'),
    ).toBeInTheDocument();
    expect(screen.getByTestId('action-preview')).toHaveTextContent(
      'Set spec.suspend to true',
    );
    expect(
      screen.getByText('Dry run accepted by the API server'),
    ).toBeInTheDocument();

    fireEvent.click(
      within(rows[1]).getByRole('button', { name: /Show details/ }),
    );
    expect(await screen.findByTestId('log-summary')).toHaveTextContent(
      '3 lines · truncated',
    );
  });

  it('says so when nothing ran yet', async () => {
    server.use(
      http.get(`${BASE_URL}/services/temporal/runs`, () =>
        HttpResponse.json({ runs: [] }),
      ),
    );
    await renderWithApi(
      <RunHistorySection service="temporal" environment="dev" />,
    );
    expect(
      await screen.findByText(
        'No runbook step has been run from the portal for this service yet.',
      ),
    ).toBeInTheDocument();
  });
});

describe('formatting', () => {
  it('names actors and durations the short way', () => {
    expect(actorName('user:default/jane')).toBe('jane');
    expect(actorName('jane')).toBe('jane');
    expect(formatDuration(undefined)).toBe('–');
    expect(formatDuration(850)).toBe('850 ms');
    expect(formatDuration(12_300)).toBe('12.3 s');
    expect(formatDuration(125_000)).toBe('2 min 5 s');
  });
});
