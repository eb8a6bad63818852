import {
  EmptyState,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useEntity } from '@backstage/plugin-catalog-react';
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import Stack from '@mui/material/Stack';
import { ServiceDetail } from '@platform-services/plugin-platform-services-common';
import { useMemo, useState } from 'react';
import { useHealthSummary, useServiceHealth } from '../../hooks/useLiveHealth';
import { serviceNameOf } from '../../annotations';
import { useService } from '../../hooks/useService';
import { ArchitectureSection } from '../ArchitectureSection';
import { ConfigurationDrift, ConfigurationSection } from '../ConfigurationSection';
import { DependenciesSection, DependencyStatuses } from '../DependenciesSection';
import { HealthSection } from '../HealthSection';
import { FeaturesSection, PurposeSection } from '../FeaturesSection';
import { OverviewSection } from '../OverviewSection';
import { CatalogFooter, RelatedSection } from '../RelatedSection';
import { RunbooksSection } from '../RunbooksSection';
import { RunHistorySection, StepRunControls, useRunbookRuns } from '../RunbookRuns';
import { TemporalSection } from '../TemporalSection';

const contents: Array<[string, string]> = [
  ['overview', 'Overview'],
  ['health', 'Health'],
  ['dependencies', 'Dependencies'],
  ['purpose', 'Purpose'],
  ['features', 'Features'],
  ['architecture', 'Architecture'],
  ['configuration', 'Configuration'],
  ['runbooks', 'Operations'],
  ['history', 'Run history'],
  ['related', 'Related'],
];

function TableOfContents() {
  return (
    <Stack
      component="nav"
      aria-label="On this page"
      direction="row"
      spacing={1}
      useFlexGap
      flexWrap="wrap"
    >
      {contents.map(([id, title]) => (
        <Chip
          key={id}
          component="a"
          href={`#${id}`}
          clickable
          size="small"
          variant="outlined"
          label={title}
          onClick={(e: React.MouseEvent) => {
            // Scroll without replacing a runbook deep link in the URL.
            e.preventDefault();
            document.getElementById(id)?.scrollIntoView?.({ behavior: 'smooth' });
          }}
        />
      ))}
    </Stack>
  );
}

/** Every section of the service page, for a loaded service, with live state. */
export function ServiceSections({ service }: { service: ServiceDetail }) {
  const [environment, setEnvironment] = useState(service.environments[0]?.name ?? '');
  const upstream = useMemo(() => service.dependsOn.map(d => d.service), [service]);
  const health = useServiceHealth(service.name, environment, upstream);
  const summary = useHealthSummary(environment);
  const runs = useRunbookRuns(service, environment);

  const statuses = useMemo<DependencyStatuses>(() => {
    const result: DependencyStatuses = {};
    for (const s of summary.value?.services ?? []) {
      result[s.service] = { status: s.status, reason: s.summary };
    }
    return result;
  }, [summary.value]);

  const drift = useMemo<ConfigurationDrift | undefined>(() => {
    const items = health.value?.health.drift;
    if (!items) return undefined;
    const result: ConfigurationDrift = {};
    for (const d of items) {
      (result[d.parameter] ??= {})[d.environment] = { state: d.outcome, live: d.live };
    }
    return result;
  }, [health.value]);

  return (
    <Stack spacing={2}>
      <TableOfContents />
      <OverviewSection service={service} />
      <HealthSection
        environments={service.environments}
        environment={environment}
        onEnvironmentChange={setEnvironment}
        health={health.value}
        loading={health.loading}
        error={health.error}
      />
      <TemporalSection service={service} environment={environment} />
      <DependenciesSection service={service} statuses={statuses} />
      <PurposeSection service={service} />
      <FeaturesSection service={service} />
      <ArchitectureSection service={service} />
      <ConfigurationSection service={service} drift={drift} />
      <RunbooksSection
        service={service}
        stepActions={(runbook, step) => (
          <StepRunControls runs={runs} runbook={runbook} step={step} />
        )}
      />
      <RunHistorySection service={service} environment={environment} />
      <RelatedSection service={service} />
      <CatalogFooter service={service} />
    </Stack>
  );
}

/** The service page of one platform service, by name, with its loading and error states. */
export function ServiceView({ name }: { name: string }) {
  const { value: service, loading, error, retry } = useService(name);
  if (loading && !service) return <Progress />;
  if (error) {
    if ((error as { response?: { status?: number } }).response?.status === 404) {
      return (
        <EmptyState
          missing="content"
          title={`"${name}" is no longer in the service catalog`}
          description="The accepted service-catalog.json has no service with this name. It may have been renamed or removed; the catalog entity disappears on the next catalog refresh."
        />
      );
    }
    return (
      <Stack spacing={1}>
        <ResponseErrorPanel error={error} title="Could not load the service from the platform-services backend" />
        <div>
          <Button variant="outlined" onClick={retry}>
            Try again
          </Button>
        </div>
      </Stack>
    );
  }
  if (!service) return null;
  return <ServiceSections service={service} />;
}

/**
 * The "Service" tab of a catalog entity that came from the service catalog.
 *
 * @public
 */
export function EntityServiceContent() {
  const { entity } = useEntity();
  const name = serviceNameOf(entity);
  if (!name) {
    return (
      <Alert severity="info">
        This entity did not come from the platform service catalog.
      </Alert>
    );
  }
  return <ServiceView name={name} />;
}
