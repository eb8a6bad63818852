import { themes, UnifiedThemeProvider } from '@backstage/theme';
import {
  fireEvent,
  render,
  screen,
  waitFor,
  within,
} from '@testing-library/react';
import { ReactElement } from 'react';
import { temporalDetail } from '../../__testUtils__/exampleCatalog';
import { DIFFERING, temporalService } from './__fixtures__/temporalService';
import { ConfigurationSection } from './ConfigurationSection';

function renderInTheme(ui: ReactElement, theme: 'light' | 'dark' = 'light') {
  return render(
    <UnifiedThemeProvider theme={themes[theme]}>{ui}</UnifiedThemeProvider>,
  );
}

const table = () =>
  screen.getByRole('table', {
    name: 'Configuration parameters by environment',
  });
const bodyRows = () => within(table()).getAllByRole('row').slice(1);
const rowOf = (name: string) =>
  screen
    .getByRole('rowheader', { name: new RegExp(`^${name}\\b`) })
    .closest('tr')!;

describe('ConfigurationSection', () => {
  it('uses the values of the seed page, which are those of the example catalog', () => {
    const fixture = temporalService().configuration!.parameters.map(p => [
      p.name,
      p.values,
    ]);
    const example = temporalDetail().configuration!.parameters.map(p => [
      p.name,
      p.values,
    ]);
    expect(fixture).toEqual(example);
  });

  it('shows the 12 parameters side by side per environment', () => {
    renderInTheme(<ConfigurationSection service={temporalService()} />);
    expect(
      screen.getByRole('heading', { level: 2, name: 'Configuration' }),
    ).toBeInTheDocument();
    const headers = within(table())
      .getAllByRole('columnheader')
      .map(h => h.textContent);
    expect(headers).toEqual(['Parameter', 'Dev', 'Prod']);
    expect(bodyRows()).toHaveLength(12);
    const cpu = within(rowOf('TEMPORAL_SERVER_CPU_LIMIT')).getAllByRole('cell');
    expect(cpu.map(c => within(c).getByText(/\d/).textContent)).toEqual([
      '1000m',
      '4000m',
    ]);
    expect(screen.getByText('TEMPORAL_DB_NAME').tagName).toBe('CODE');
    expect(screen.getByText('12 of 12 parameters')).toBeInTheDocument();
  });

  it('marks exactly the 8 parameters whose values differ between dev and prod', () => {
    renderInTheme(<ConfigurationSection service={temporalService()} />);
    const marked = bodyRows()
      .filter(r => within(r).queryByText('differs between environments'))
      .map(
        r =>
          within(r).getByRole('rowheader').querySelector('code')!.textContent,
      );
    expect(marked).toEqual(DIFFERING);
    expect(table().querySelectorAll('tr[data-differs="true"]')).toHaveLength(8);
    expect(
      within(rowOf('TEMPORAL_DB_NAME')).queryByText(
        'differs between environments',
      ),
    ).toBeNull();
  });

  it('shows "not set" for a value missing in an environment', () => {
    const service = temporalService();
    delete service.configuration!.parameters[1].values.prod;
    renderInTheme(<ConfigurationSection service={service} />, 'dark');
    const cells = within(rowOf('TEMPORAL_DB_NAME')).getAllByRole('cell');
    expect(within(cells[0]).getByText('temporal')).toBeInTheDocument();
    expect(within(cells[1]).getByText('not set')).toBeInTheDocument();
    expect(within(cells[1]).queryByRole('button')).toBeNull();
    // set in dev only: that differs too
    expect(
      within(rowOf('TEMPORAL_DB_NAME')).getByText(
        'differs between environments',
      ),
    ).toBeInTheDocument();
  });

  it('filters by name or value, case-insensitively, and shows the count', () => {
    renderInTheme(<ConfigurationSection service={temporalService()} />);
    const box = screen.getByRole('searchbox', { name: 'Filter parameters' });
    fireEvent.change(box, { target: { value: 'web_cpu' } });
    expect(bodyRows()).toHaveLength(2);
    expect(screen.getByRole('status')).toHaveTextContent('2 of 12 parameters');
    fireEvent.change(box, { target: { value: '20GI' } });
    expect(
      bodyRows().map(
        r =>
          within(r).getByRole('rowheader').querySelector('code')!.textContent,
      ),
    ).toEqual(['TEMPORAL_STORAGE_SIZE']);
    expect(screen.getByText('1 of 12 parameters')).toBeInTheDocument();
    fireEvent.change(box, { target: { value: 'nothing-like-this' } });
    expect(screen.getByText('0 of 12 parameters')).toBeInTheDocument();
    expect(
      screen.getByText('No parameter matches “nothing-like-this”.'),
    ).toBeInTheDocument();
    fireEvent.change(box, { target: { value: '' } });
    expect(bodyRows()).toHaveLength(12);
  });

  it('links the base file and the per-environment overrides', () => {
    renderInTheme(<ConfigurationSection service={temporalService()} />);
    const base = screen.getByRole('link', {
      name: /base\/services\/environment\.env/,
    });
    expect(base).toHaveAttribute(
      'href',
      'https://github.com/example/platform/blob/165b485/base/services/environment.env',
    );
    expect(base.parentElement).toHaveTextContent(
      /^All values sourced from base\/services\/environment\.env.* \(base\); per-environment overrides in/,
    );
    expect(
      screen.getByRole('link', {
        name: /clusters\/stages\/dev\/services\/environment\.env/,
      }),
    ).toHaveAttribute(
      'href',
      'https://github.com/example/platform/blob/165b485/clusters/stages/dev/services/environment.env',
    );
    expect(
      screen.getByRole('link', { name: /clusters\/stages\/prod/ }),
    ).toBeInTheDocument();
  });

  it('copies names and values to the clipboard', async () => {
    const writeText = jest.fn().mockResolvedValue(undefined);
    Object.defineProperty(navigator, 'clipboard', {
      value: { writeText },
      configurable: true,
    });
    renderInTheme(<ConfigurationSection service={temporalService()} />);
    fireEvent.click(
      screen.getByRole('button', { name: 'Copy TEMPORAL_STORAGE_SIZE' }),
    );
    expect(writeText).toHaveBeenCalledWith('TEMPORAL_STORAGE_SIZE');
    fireEvent.click(
      screen.getByRole('button', {
        name: 'Copy TEMPORAL_STORAGE_SIZE value for Prod',
      }),
    );
    expect(writeText).toHaveBeenLastCalledWith('20Gi');
    await waitFor(() =>
      expect(screen.getAllByText('Copied').length).toBeGreaterThan(0),
    );
    // 12 names + 24 values
    expect(screen.getAllByRole('button', { name: /^Copy / })).toHaveLength(36);
  });

  it('shows the live binding of a parameter', () => {
    renderInTheme(<ConfigurationSection service={temporalService()} />);
    expect(
      within(rowOf('TEMPORAL_CHART_VERSION')).getByText(
        'live: helmRelease.spec.chart.spec.version',
      ),
    ).toBeInTheDocument();
    expect(within(rowOf('TEMPORAL_DB_NAME')).queryByText(/^live:/)).toBeNull();
  });

  it('marks a drift mismatch with the live value when drift is given', () => {
    renderInTheme(
      <ConfigurationSection
        service={temporalService()}
        drift={{
          TEMPORAL_SERVER_CPU_LIMIT: {
            dev: { state: 'match' },
            prod: { state: 'mismatch', live: '2000m' },
          },
          TEMPORAL_CHART_VERSION: { prod: { state: 'not-found' } },
        }}
      />,
    );
    const [dev, prod] = within(rowOf('TEMPORAL_SERVER_CPU_LIMIT')).getAllByRole(
      'cell',
    );
    expect(
      within(dev).getByTitle('matches the live value'),
    ).toBeInTheDocument();
    expect(within(dev).queryByText('drift')).toBeNull();
    expect(within(prod).getByText('drift')).toBeInTheDocument();
    expect(
      within(prod).getByText('the cluster runs a different value'),
    ).toBeInTheDocument();
    expect(within(prod).getByText('2000m')).toBeInTheDocument();
    expect(table().querySelectorAll('[data-drift="mismatch"]')).toHaveLength(1);
    const chart = within(rowOf('TEMPORAL_CHART_VERSION')).getAllByRole('cell');
    expect(
      within(chart[1]).getByText('live object not found'),
    ).toBeInTheDocument();
  });

  it('says so when the service has no configuration', () => {
    renderInTheme(
      <ConfigurationSection
        service={{ ...temporalService(), configuration: undefined }}
      />,
    );
    expect(
      screen.getByText(
        'No configuration parameters in the catalog for this service.',
      ),
    ).toBeInTheDocument();
    expect(screen.queryByRole('table')).toBeNull();
  });
});
