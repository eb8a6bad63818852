import { Progress, ResponseErrorPanel } from '@backstage/core-components';
import Alert from '@mui/material/Alert';
import AlertTitle from '@mui/material/AlertTitle';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Stack from '@mui/material/Stack';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import ToggleButton from '@mui/material/ToggleButton';
import ToggleButtonGroup from '@mui/material/ToggleButtonGroup';
import Typography from '@mui/material/Typography';
import {
  CheckStatus,
  Freshness,
  HealthCheck,
  ServiceEnvironment,
  ServiceHealthResponse,
} from '@platform-services/plugin-platform-services-common';
import { useNavigate } from 'react-router-dom';
import { runbookAnchor } from '../RunbooksSection';
import { SectionCard } from '../SectionCard';
import { StatusBadge } from '../StatusBadge';

const checkOrder: Record<CheckStatus, number> = {
  failed: 0,
  degraded: 1,
  progressing: 2,
  suspended: 3,
  unknown: 4,
  ok: 5,
};

const checkColor: Record<CheckStatus, string> = {
  failed: 'error.main',
  degraded: 'warning.main',
  progressing: 'info.main',
  suspended: 'info.main',
  unknown: 'text.secondary',
  ok: 'success.main',
};

function time(iso?: string) {
  return iso ? new Date(iso).toLocaleTimeString() : '';
}

/** Where the data comes from and how fresh it is. */
export function FreshnessNote({ freshness, environment }: { freshness: Freshness; environment: string }) {
  if (!freshness.cluster) {
    return (
      <Alert severity="info">
        No cluster is configured for the {environment} environment, so its live state is unknown.
      </Alert>
    );
  }
  return (
    <Stack spacing={1}>
      {freshness.connected ? (
        <Typography variant="caption" color="text.secondary" data-testid="freshness">
          Live from cluster <strong>{freshness.cluster}</strong>, watched since {time(freshness.since)};
          the page updates by itself.
        </Typography>
      ) : (
        <Alert severity="warning" data-testid="freshness">
          <AlertTitle>
            Stale{freshness.staleSince ? ` since ${time(freshness.staleSince)}` : ''}: cluster{' '}
            {freshness.cluster} cannot be reached
          </AlertTitle>
          {freshness.lastError ?? 'The watch cache has not listed the cluster yet.'} The answer is
          unknown until the cluster is back; it recovers by itself.
        </Alert>
      )}
      {freshness.partial.length > 0 && (
        <Alert severity="info">
          <AlertTitle>Partial answer</AlertTitle>
          The cluster identity may not read:{' '}
          {freshness.partial
            .map(p => `${p.kind}${p.namespace ? ` in ${p.namespace}` : ''}`)
            .join(', ')}
          . Checks of those kinds are left out.
        </Alert>
      )}
    </Stack>
  );
}

function ChecksTable({ checks }: { checks: HealthCheck[] }) {
  const sorted = [...checks].sort(
    (a, b) => checkOrder[a.status] - checkOrder[b.status] || a.id.localeCompare(b.id),
  );
  return (
    <Table size="small" aria-label="Health checks">
      <TableHead>
        <TableRow>
          <TableCell sx={{ width: 110 }}>Status</TableCell>
          <TableCell sx={{ width: '30%' }}>What</TableCell>
          <TableCell>Finding</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {sorted.map(check => (
          <TableRow key={check.id} data-status={check.status}>
            <TableCell>
              <Typography variant="body2" sx={{ color: checkColor[check.status], fontWeight: 600 }}>
                {check.status}
              </Typography>
            </TableCell>
            <TableCell>
              <Typography variant="body2">{check.kind}</Typography>
              <Typography variant="caption" color="text.secondary" component="div">
                {check.component ? `${check.component} · ` : ''}
                {check.object
                  ? `${check.object.namespace ? `${check.object.namespace}/` : ''}${check.object.name}`
                  : ''}
              </Typography>
            </TableCell>
            <TableCell>
              <Typography variant="body2">{check.message}</Typography>
              {check.status !== 'ok' && check.reason && (
                <Typography variant="caption" color="text.secondary">
                  reason: {check.reason}
                </Typography>
              )}
              {check.details && check.details.length > 0 && (
                <Box component="ul" sx={{ m: 0, pl: 2 }}>
                  {check.details.map((d, i) => (
                    <Typography key={i} component="li" variant="caption" color="text.secondary">
                      {d}
                    </Typography>
                  ))}
                </Box>
              )}
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

/**
 * Live health of the service per environment: the verdict and its reasons,
 * every check, how fresh the data is, and the runbook that answers the
 * symptoms seen.
 */
export function HealthSection(props: {
  environments: ServiceEnvironment[];
  environment: string;
  onEnvironmentChange: (environment: string) => void;
  health?: ServiceHealthResponse;
  loading: boolean;
  error?: Error;
}) {
  const { environments, environment, onEnvironmentChange, health, loading, error } = props;
  const navigate = useNavigate();
  const top = health?.health.runbooks[0];
  const envTitle = environments.find(e => e.name === environment)?.title ?? environment;
  return (
    <SectionCard
      id="health"
      title="Health"
      action={
        environments.length > 1 ? (
          <ToggleButtonGroup
            size="small"
            exclusive
            value={environment}
            onChange={(_e, value) => value && onEnvironmentChange(value)}
            aria-label="Environment"
          >
            {environments.map(e => (
              <ToggleButton key={e.name} value={e.name}>
                {e.title}
              </ToggleButton>
            ))}
          </ToggleButtonGroup>
        ) : undefined
      }
    >
      {error && !health && (
        <ResponseErrorPanel error={error} title="Could not load the live health" />
      )}
      {loading && !health && <Progress />}
      {health && (
        <Stack spacing={2}>
          <Stack direction="row" spacing={2} alignItems="center">
            <StatusBadge status={health.health.status} />
            <Typography variant="body1" data-testid="health-summary">
              {health.health.summary}
            </Typography>
          </Stack>
          {top && (
            <Alert
              severity={health.health.status === 'unhealthy' ? 'error' : 'warning'}
              data-testid="runbook-banner"
              action={
                <Button
                  color="inherit"
                  size="small"
                  onClick={() => {
                    navigate({ hash: runbookAnchor(top.runbookId) }, { replace: true });
                    document
                      .getElementById(runbookAnchor(top.runbookId))
                      ?.scrollIntoView?.({ block: 'start' });
                  }}
                >
                  Open runbook
                </Button>
              }
            >
              <AlertTitle>Runbook: {top.title}</AlertTitle>
              {top.reason}
            </Alert>
          )}
          <FreshnessNote freshness={health.freshness} environment={envTitle} />
          {health.health.chart && (
            <Typography variant="body2" color="text.secondary">
              Chart {health.health.chart.chart ?? ''}: declared {health.health.chart.declared ?? '–'},
              deployed {health.health.chart.deployed ?? '–'}
              {health.health.chart.matches === false ? ' (differs)' : ''}
            </Typography>
          )}
          {health.health.checks.length > 0 ? (
            <ChecksTable checks={health.health.checks} />
          ) : (
            <Typography variant="body2" color="text.secondary">
              No live checks for this environment.
            </Typography>
          )}
          {error && (
            <Typography variant="caption" color="error">
              The last update failed ({error.message}); showing the previous answer.
            </Typography>
          )}
        </Stack>
      )}
    </SectionCard>
  );
}
