import { registerMswTestHooks } from '@backstage/test-utils';
import {
  act,
  fireEvent,
  screen,
  waitFor,
  within,
} from '@testing-library/react';
import { setupServer } from 'msw/node';
import { temporalDetail } from '../../__testUtils__/exampleCatalog';
import { renderWithApi } from '../../__testUtils__/renderWithApi';
import { useRunbookRuns } from '../../hooks/useRunbookRuns';
import { RunbooksSection } from '../RunbooksSection';
import {
  DENIED_REASON,
  fakeRunsBackend,
  MANUAL_REASON,
  REFUSED_REASON,
  RUNBOOK_ID,
} from './__testUtils__/fakeRunsBackend';
import { RunHistorySection } from './RunHistorySection';
import { StepRunControls } from './StepRunControls';

const server = setupServer();
registerMswTestHooks(server);

const service = temporalDetail();

/** The wiring the service page does: one hook, controls per step, the history. */
function Page({ environment }: { environment: string }) {
  const runs = useRunbookRuns(service, environment, { pollIntervalMs: 20 });
  return (
    <>
      <RunbooksSection
        service={service}
        stepActions={(runbook, step) => (
          <StepRunControls runs={runs} runbook={runbook} step={step} />
        )}
      />
      <RunHistorySection service={service} environment={environment} />
    </>
  );
}

async function renderPage(environment = 'dev') {
  const backend = fakeRunsBackend();
  server.use(...backend.handlers);
  await renderWithApi(<Page environment={environment} />, {
    route: `/service#runbook-${RUNBOOK_ID}`,
  });
  const steps = await screen.findByRole('list', {
    name: 'Steps of Schema migration job fails on upgrade',
  });
  // The plans are in once the first Run button shows.
  await within(steps).findByRole('button', { name: 'Run step 1' });
  // The steps' own list items (results add lists of their own inside them).
  const stepItem = (n: number) => steps.children[n - 1] as HTMLElement;
  return { backend, steps, stepItem };
}

describe('StepRunControls', () => {
  it('runs a diagnostic and shows its table output under the step', async () => {
    const { backend, stepItem } = await renderPage();
    fireEvent.click(
      within(stepItem(2)).getByRole('button', { name: 'Run step 2' }),
    );

    const output = await within(stepItem(2)).findByRole('table', {
      name: 'Output',
    });
    expect(
      within(output)
        .getAllByRole('columnheader')
        .map(c => c.textContent),
    ).toEqual(['NAME', 'STATUS', 'COMPLETIONS', 'AGE']);
    expect(
      within(output).getByText('temporal-server-schema-1'),
    ).toBeInTheDocument();
    expect(within(stepItem(2)).getByText('succeeded')).toBeInTheDocument();
    expect(backend.posts).toHaveLength(1);
    expect(backend.posts[0]).toMatchObject({
      environment: 'dev',
      runbookId: RUNBOOK_ID,
      stepIndex: 1,
      mode: 'run',
    });
    expect(backend.posts[0].runId).toMatch(/^[0-9a-f-]{36}$/);

    // The history refreshes with the new run.
    const history = screen.getByRole('region', { name: /Run history/ });
    expect(await within(history).findByText('jane')).toBeInTheDocument();
  });

  it('shows the backend message when a run is refused', async () => {
    const { stepItem } = await renderPage();
    fireEvent.click(
      within(stepItem(1)).getByRole('button', { name: 'Run step 1' }),
    );
    expect(
      await within(stepItem(1)).findByTestId('run-error'),
    ).toHaveTextContent('The run failed: You may not run diagnostics in prod');
    // The Run button is usable again.
    expect(
      within(stepItem(1)).getByRole('button', { name: 'Run step 1' }),
    ).toBeEnabled();
  });

  it('offers nothing to run on a step the caller may not run', async () => {
    const { stepItem } = await renderPage();
    expect(
      within(stepItem(3)).queryByRole('button', { name: /Run/ }),
    ).not.toBeInTheDocument();
    const note = within(stepItem(3)).getByTestId('step-denied');
    expect(note).toHaveTextContent('You may not run this');
    expect(note).toHaveAttribute('title', DENIED_REASON);
    expect(
      within(stepItem(8)).queryByRole('button', { name: /Preview and run/ }),
    ).not.toBeInTheDocument();
    expect(
      within(stepItem(8)).getByText('You may not run this'),
    ).toBeInTheDocument();
  });

  it('says why manual and refused steps are not run by the portal', async () => {
    const { stepItem } = await renderPage();
    const manual = within(stepItem(4)).getByTestId('step-manual');
    expect(manual).toHaveTextContent('Run it yourself');
    expect(manual).toHaveAttribute('title', MANUAL_REASON);
    const refused = within(stepItem(5)).getByTestId('step-refused');
    expect(refused).toHaveTextContent('Not run by the portal');
    expect(refused).toHaveAttribute('title', REFUSED_REASON);
    // The reason shows as a tooltip on keyboard focus too.
    fireEvent.keyDown(document.body, { key: 'Tab' });
    act(() => refused.focus());
    expect(await screen.findByRole('tooltip')).toHaveTextContent(
      REFUSED_REASON,
    );
    expect(
      within(stepItem(4)).queryByRole('button', { name: /Run/ }),
    ).not.toBeInTheDocument();
  });

  it('previews an action, asks for the typed confirmation, runs it once and follows it', async () => {
    const { backend, stepItem } = await renderPage();
    fireEvent.click(
      within(stepItem(6)).getByRole('button', {
        name: 'Preview and run step 6…',
      }),
    );
    const dialog = await screen.findByRole('dialog');
    expect(
      await within(dialog).findByTestId('action-preview'),
    ).toHaveTextContent(
      'Set spec.suspend to true on HelmRelease flux-system/temporal-server',
    );
    expect(
      within(dialog).getByLabelText(
        /Patch of HelmRelease flux-system\/temporal-server/,
      ),
    ).toHaveTextContent('"suspend": true');
    expect(backend.posts).toEqual([
      expect.objectContaining({ mode: 'preview', stepIndex: 5 }),
    ]);

    expect(within(dialog).getByTestId('confirmation-text')).toHaveTextContent(
      /^run$/,
    );
    const runButton = within(dialog).getByRole('button', { name: 'Run' });
    const input = within(dialog).getByLabelText('Confirmation');
    expect(runButton).toBeDisabled();
    await waitFor(() => expect(input).toHaveFocus());
    fireEvent.change(input, { target: { value: 'ru' } });
    expect(runButton).toBeDisabled();
    fireEvent.change(input, { target: { value: 'run' } });
    expect(runButton).toBeEnabled();

    fireEvent.click(runButton);
    fireEvent.click(runButton);

    expect(
      await within(dialog).findByText(
        'Controller reports the HelmRelease suspended',
      ),
    ).toBeInTheDocument();
    expect(
      within(dialog).getByText(
        'Patched HelmRelease flux-system/temporal-server',
      ),
    ).toBeInTheDocument();
    expect(within(dialog).getByText('succeeded')).toBeInTheDocument();

    const runPosts = backend.posts.filter(p => p.mode === 'run');
    expect(runPosts).toHaveLength(1);
    expect(runPosts[0]).toMatchObject({ confirmation: 'run', stepIndex: 5 });
    expect(runPosts[0].runId).toBe(backend.posts[0].runId);

    // Closed, the result stays under the step.
    fireEvent.click(within(dialog).getByRole('button', { name: 'Close' }));
    await waitFor(() =>
      expect(screen.queryByRole('dialog')).not.toBeInTheDocument(),
    );
    expect(within(stepItem(6)).getByTestId('run-result')).toHaveTextContent(
      'succeeded',
    );
  });

  it('asks for the service name in production', async () => {
    const { backend, stepItem } = await renderPage('prod');
    fireEvent.click(
      within(stepItem(6)).getByRole('button', {
        name: 'Preview and run step 6…',
      }),
    );
    const dialog = await screen.findByRole('dialog');
    await within(dialog).findByTestId('action-preview');
    expect(
      within(dialog).getByText(/This environment is production/),
    ).toBeInTheDocument();
    expect(within(dialog).getByTestId('confirmation-text')).toHaveTextContent(
      /^temporal$/,
    );
    const runButton = within(dialog).getByRole('button', { name: 'Run' });
    const input = within(dialog).getByLabelText('Confirmation');
    fireEvent.change(input, { target: { value: 'run' } });
    expect(runButton).toBeDisabled();
    fireEvent.change(input, { target: { value: 'temporal' } });
    expect(runButton).toBeEnabled();
    // Enter in the field runs it too.
    fireEvent.submit(input.closest('form')!);
    expect(await within(dialog).findByText('succeeded')).toBeInTheDocument();
    expect(backend.posts.filter(p => p.mode === 'run')).toEqual([
      expect.objectContaining({
        environment: 'prod',
        confirmation: 'temporal',
      }),
    ]);
  });

  it('leaves nothing behind when a preview is cancelled', async () => {
    const { backend, stepItem } = await renderPage();
    fireEvent.click(
      within(stepItem(7)).getByRole('button', {
        name: 'Preview and run step 7…',
      }),
    );
    const dialog = await screen.findByRole('dialog');
    await within(dialog).findByTestId('action-preview');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    await waitFor(() =>
      expect(screen.queryByRole('dialog')).not.toBeInTheDocument(),
    );
    expect(
      within(stepItem(7)).queryByTestId('run-result'),
    ).not.toBeInTheDocument();
    expect(backend.posts.map(p => p.mode)).toEqual(['preview']);
  });
});
