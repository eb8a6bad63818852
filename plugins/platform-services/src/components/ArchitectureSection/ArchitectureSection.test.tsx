import { themes, UnifiedThemeProvider } from '@backstage/theme';
import {
  fireEvent,
  render,
  screen,
  waitFor,
  within,
} from '@testing-library/react';
import { ReactElement } from 'react';
import { temporalService } from '../ConfigurationSection/__fixtures__/temporalService';
import { ArchitectureSection } from './ArchitectureSection';

const mockInitialize = jest.fn();
const mockRender = jest.fn(async (id: string, source: string) => {
  if (source.includes('INVALID')) throw new Error('Parse error on line 2');
  return { svg: '<svg data-x="1"><g/></svg>', id };
});

jest.mock('mermaid', () => ({
  __esModule: true,
  default: {
    initialize: (...args: unknown[]) => mockInitialize(...args),
    render: (...args: [string, string]) => mockRender(...args),
  },
}));

function inTheme(ui: ReactElement, theme: 'light' | 'dark' = 'light') {
  return (
    <UnifiedThemeProvider theme={themes[theme]}>{ui}</UnifiedThemeProvider>
  );
}

const article = (title: string) => screen.getByRole('article', { name: title });

describe('ArchitectureSection', () => {
  beforeEach(() => {
    mockRender.mockClear();
  });

  it('shows a loading state, then each diagram as SVG under its title', async () => {
    render(inTheme(<ArchitectureSection service={temporalService()} />));
    expect(
      screen.getByRole('heading', { level: 2, name: 'Architecture' }),
    ).toBeInTheDocument();
    expect(screen.getAllByRole('progressbar')).toHaveLength(2);
    expect(screen.getAllByText('Rendering diagram…')).toHaveLength(2);

    const svgs = await screen.findAllByTestId('mermaid-svg');
    expect(svgs).toHaveLength(2);
    expect(screen.queryByRole('progressbar')).toBeNull();
    for (const title of [
      'Temporal Deployment Topology',
      'Temporal Request Flow',
    ]) {
      expect(
        within(article(title)).getByRole('heading', { level: 3, name: title }),
      ).toBeInTheDocument();
      const img = within(article(title)).getByRole('img', { name: title });
      expect(img).toHaveAttribute('data-testid', 'mermaid-svg');
      expect(img.querySelector('svg[data-x="1"] > g')).not.toBeNull();
    }

    expect(mockInitialize).toHaveBeenCalledWith(
      expect.objectContaining({
        startOnLoad: false,
        securityLevel: 'strict',
        theme: 'default',
      }),
    );
    // the mermaid sources, each with its own valid, unique id
    expect(mockRender.mock.calls.map(c => c[1])).toEqual(
      temporalService().diagrams.map(d => d.source),
    );
    const ids = mockRender.mock.calls.map(c => c[0]);
    expect(new Set(ids).size).toBe(2);
    for (const id of ids) expect(id).toMatch(/^ps-mermaid-[a-zA-Z0-9_-]+$/);
  });

  it('toggles between the diagram and its source, with a copy button', async () => {
    render(inTheme(<ArchitectureSection service={temporalService()} />));
    await screen.findAllByTestId('mermaid-svg');
    const flow = article('Temporal Request Flow');
    const toggle = within(flow).getByRole('button', { name: 'View source' });
    expect(toggle).toHaveAttribute('aria-pressed', 'false');

    fireEvent.click(toggle);
    expect(toggle).toHaveAttribute('aria-pressed', 'true');
    expect(toggle).toHaveTextContent('View diagram');
    expect(within(flow).queryByTestId('mermaid-svg')).toBeNull();
    expect(flow.querySelector('pre code')!.textContent).toBe(
      temporalService().diagrams[1].source,
    );
    expect(
      within(flow).getByRole('button', {
        name: 'Copy the Mermaid source of Temporal Request Flow',
      }),
    ).toBeInTheDocument();
    // the other diagram is untouched
    expect(
      within(article('Temporal Deployment Topology')).getByTestId(
        'mermaid-svg',
      ),
    ).toBeInTheDocument();

    fireEvent.click(toggle);
    expect(toggle).toHaveAttribute('aria-pressed', 'false');
    expect(within(flow).getByTestId('mermaid-svg')).toBeInTheDocument();
  });

  it('explains a diagram that does not parse, shows its source, and still renders the others', async () => {
    const service = temporalService();
    service.diagrams[0] = {
      ...service.diagrams[0],
      source: 'graph TD\n  A -->> INVALID [',
    };
    render(inTheme(<ArchitectureSection service={service} />));

    const topology = article('Temporal Deployment Topology');
    const alert = await within(topology).findByRole('alert');
    expect(alert).toHaveTextContent(
      'This diagram could not be rendered: Parse error on line 2',
    );
    expect(topology.querySelector('pre code')!.textContent).toBe(
      'graph TD\n  A -->> INVALID [',
    );
    expect(within(topology).queryByTestId('mermaid-svg')).toBeNull();
    expect(within(topology).queryByRole('button', { name: /View/ })).toBeNull();

    expect(
      await within(article('Temporal Request Flow')).findByTestId(
        'mermaid-svg',
      ),
    ).toBeInTheDocument();
    expect(
      within(article('Temporal Request Flow')).queryByRole('alert'),
    ).toBeNull();
  });

  it("keeps the caret lines of mermaid's message in a monospace block", async () => {
    mockRender.mockRejectedValueOnce(
      new Error(
        'Parse error on line 2:\ngraph TD  A -->> [\n---------------^\nExpecting NODE_STRING',
      ),
    );
    render(inTheme(<ArchitectureSection service={temporalService()} />));
    const alert = await within(
      article('Temporal Deployment Topology'),
    ).findByRole('alert');
    expect(alert).toHaveTextContent(
      /^This diagram could not be rendered: Parse error on line 2:/,
    );
    expect(alert.querySelector('pre')!.textContent).toBe(
      'graph TD  A -->> [\n---------------^\nExpecting NODE_STRING',
    );
    expect(
      await within(article('Temporal Request Flow')).findByTestId(
        'mermaid-svg',
      ),
    ).toBeInTheDocument();
  });

  it('uses the dark Mermaid theme in the dark Backstage theme, and re-renders when the mode changes', async () => {
    const view = render(
      inTheme(<ArchitectureSection service={temporalService()} />, 'light'),
    );
    await screen.findAllByTestId('mermaid-svg');
    mockInitialize.mockClear();
    mockRender.mockClear();

    view.rerender(
      inTheme(<ArchitectureSection service={temporalService()} />, 'dark'),
    );
    await waitFor(() => expect(mockRender).toHaveBeenCalledTimes(2));
    expect(mockInitialize).toHaveBeenCalledTimes(1);
    expect(mockInitialize).toHaveBeenCalledWith(
      expect.objectContaining({
        theme: 'dark',
        startOnLoad: false,
        securityLevel: 'strict',
      }),
    );
    await waitFor(() =>
      expect(screen.getAllByTestId('mermaid-svg')).toHaveLength(2),
    );

    // same mode again: no second initialization
    mockInitialize.mockClear();
    view.rerender(
      inTheme(
        <ArchitectureSection service={{ ...temporalService() }} />,
        'dark',
      ),
    );
    view.unmount();
    render(
      inTheme(<ArchitectureSection service={temporalService()} />, 'dark'),
    );
    await screen.findAllByTestId('mermaid-svg');
    expect(mockInitialize).not.toHaveBeenCalled();
  });

  it('says so when there are no diagrams, without loading mermaid', () => {
    render(
      inTheme(
        <ArchitectureSection
          service={{ ...temporalService(), diagrams: [] }}
        />,
      ),
    );
    expect(
      screen.getByText(
        'No architecture diagrams in the catalog for this service.',
      ),
    ).toBeInTheDocument();
    expect(mockRender).not.toHaveBeenCalled();
  });
});
