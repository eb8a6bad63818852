import { renderInTestApp } from '@backstage/test-utils';
import { fireEvent, screen, within } from '@testing-library/react';
import { temporalDetail } from '../../__testUtils__/exampleCatalog';
import { RunbooksSection } from './RunbooksSection';

describe('RunbooksSection', () => {
  it('lists the six runbooks closed, and opens one to show symptoms, notes and steps', async () => {
    await renderInTestApp(<RunbooksSection service={temporalDetail()} />);
    const buttons = screen.getAllByRole('button', { expanded: false });
    expect(buttons.map(b => b.textContent)).toEqual([
      'Schema migration job fails on upgrade',
      'Frontend pods unable to connect to PostgreSQL',
      'History service OOMKilled under workflow load',
      'ExternalSecret not syncing credentials',
      'Temporal Web UI unreachable via IngressRoute',
      'Task queue backlog growing with no workers processing',
    ]);
    fireEvent.click(buttons[0]);
    const steps = await screen.findByRole('list', { name: 'Steps of Schema migration job fails on upgrade' });
    expect(within(steps).getAllByRole('listitem')).toHaveLength(8);
    expect(within(steps).getByText('If schema is corrupted, manually mark version and retry:')).toBeInTheDocument();
    expect(
      within(steps).getByText('flux suspend helmrelease temporal-server -n flux-system'),
    ).toBeInTheDocument();
    expect(
      await screen.findByText(/Temporal server pods never start because Helm upgrade never completes/),
    ).toBeInTheDocument();
  });

  it('opens the runbook named in the URL fragment', async () => {
    await renderInTestApp(<RunbooksSection service={temporalDetail()} />, {
      routeEntries: ['/service#runbook-externalsecret-not-syncing-credentials'],
    });
    expect(
      screen.getByRole('button', { name: 'ExternalSecret not syncing credentials', expanded: true }),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        'kubectl annotate externalsecret postgresql-cluster-app -n temporal force-sync=$(date +%s) --overwrite',
      ),
    ).toBeInTheDocument();
    expect(screen.getAllByRole('button', { expanded: false })).toHaveLength(5);
  });

  it('leaves a place for actions next to each step', async () => {
    await renderInTestApp(
      <RunbooksSection
        service={temporalDetail()}
        stepActions={(rb, step) => <span>{`action ${rb.id} ${step.index}`}</span>}
      />,
      { routeEntries: ['/x#runbook-history-service-oomkilled-under-workflow-load'] },
    );
    expect(screen.getByText('action history-service-oomkilled-under-workflow-load 0')).toBeInTheDocument();
  });

  it('says so when there are no runbooks', async () => {
    await renderInTestApp(<RunbooksSection service={{ ...temporalDetail(), runbooks: [] }} />);
    expect(screen.getByText('The catalog has no runbooks for this service.')).toBeInTheDocument();
  });
});
