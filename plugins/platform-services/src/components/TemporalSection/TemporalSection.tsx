import { Link } from '@backstage/core-components';
import SyncProblemIcon from '@mui/icons-material/SyncProblem';
import WarningAmberIcon from '@mui/icons-material/WarningAmber';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Chip from '@mui/material/Chip';
import Stack from '@mui/material/Stack';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Tooltip from '@mui/material/Tooltip';
import Typography from '@mui/material/Typography';
import {
  ServiceDetail,
  TemporalExecutionStatus,
  TemporalNamespaceStatus,
  TemporalProbeResult,
  TemporalRetention,
  TemporalTaskQueueState,
  TemporalTaskQueueTypeState,
} from '@platform-services/plugin-platform-services-common';
import { Fragment } from 'react';
import { useTemporalProbe } from '../../hooks/useTemporalProbe';
import { ProbePart, ProbeSection } from './ProbeSection';

const mono = { fontFamily: 'monospace', fontSize: '0.8rem' } as const;

/** 45 → "45 s", 3_700 → "1 h 1 min", 90_000 → "1 d 1 h". */
export function formatSeconds(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s} s`;
  if (s < 3600)
    return `${Math.floor(s / 60)} min${s % 60 ? ` ${s % 60} s` : ''}`;
  if (s < 86_400) {
    const m = Math.floor((s % 3600) / 60);
    return `${Math.floor(s / 3600)} h${m ? ` ${m} min` : ''}`;
  }
  const h = Math.floor((s % 86_400) / 3600);
  return `${Math.floor(s / 86_400)} d${h ? ` ${h} h` : ''}`;
}

function time(iso?: string) {
  if (!iso) return '–';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleString();
}

const namespaceColors: Record<
  TemporalNamespaceStatus,
  'success' | 'warning' | 'error' | 'default'
> = {
  registered: 'success',
  deprecated: 'warning',
  deleted: 'error',
  'not-found': 'error',
  unknown: 'default',
};

const statusColors: Partial<
  Record<
    TemporalExecutionStatus,
    'info' | 'success' | 'error' | 'warning' | 'default'
  >
> = {
  Running: 'info',
  Completed: 'success',
  Failed: 'error',
  TimedOut: 'error',
  Terminated: 'warning',
  Canceled: 'warning',
  Paused: 'warning',
};

const statusOrder: TemporalExecutionStatus[] = [
  'Running',
  'Failed',
  'TimedOut',
  'Terminated',
  'Canceled',
  'Paused',
  'Completed',
  'ContinuedAsNew',
];

function RetentionCell({ retention }: { retention: TemporalRetention }) {
  const live =
    retention.live ??
    (retention.liveSeconds !== undefined
      ? formatSeconds(retention.liveSeconds)
      : undefined);
  return (
    <Stack spacing={0.25}>
      <Typography variant="body2">
        {live ?? 'unknown'}
        {retention.declared !== undefined && (
          <Typography component="span" variant="caption" color="text.secondary">
            {' '}
            (declared {retention.declared})
          </Typography>
        )}
      </Typography>
      {retention.outcome === 'mismatch' && (
        <Box data-drift="mismatch">
          <Tooltip title="The server keeps closed workflows for a different time than the configuration declares">
            <Chip
              size="small"
              variant="outlined"
              icon={<SyncProblemIcon color="error" />}
              label="differs from declared"
            />
          </Tooltip>
        </Box>
      )}
      {retention.outcome === 'not-set' && (
        <Typography variant="caption" color="text.secondary">
          nothing declared
        </Typography>
      )}
    </Stack>
  );
}

function NamespacesPart({ result }: { result: TemporalProbeResult }) {
  return (
    <Table size="small" aria-label="Namespaces">
      <TableHead>
        <TableRow>
          <TableCell>Namespace</TableCell>
          <TableCell>State</TableCell>
          <TableCell>Retention</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {result.namespaces.map(ns => (
          <TableRow key={ns.name} data-namespace={ns.name}>
            <TableCell>
              {ns.webUiUrl ? <Link to={ns.webUiUrl}>{ns.name}</Link> : ns.name}
            </TableCell>
            <TableCell>
              <Chip
                size="small"
                color={namespaceColors[ns.status]}
                variant={ns.status === 'registered' ? 'outlined' : 'filled'}
                label={ns.status}
              />
            </TableCell>
            <TableCell>
              <RetentionCell retention={ns.retention} />
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

function PollersCell({ state }: { state: TemporalTaskQueueTypeState }) {
  if (!state.pollers) {
    return (
      <Typography variant="caption" color="text.secondary">
        unknown
      </Typography>
    );
  }
  if (state.pollers.length === 0) {
    return (
      <Typography variant="body2" color="warning.main">
        none
      </Typography>
    );
  }
  return (
    <Box component="ul" sx={{ m: 0, p: 0, listStyle: 'none' }}>
      {state.pollers.map(p => (
        <Box component="li" key={p.identity}>
          <Box component="span" sx={mono}>
            {p.identity}
          </Box>
          {p.lastAccessTime && (
            <Typography
              component="span"
              variant="caption"
              color="text.secondary"
            >
              {' '}
              · last poll {new Date(p.lastAccessTime).toLocaleTimeString()}
            </Typography>
          )}
        </Box>
      ))}
    </Box>
  );
}

function BacklogCell({
  state,
  known,
}: {
  state: TemporalTaskQueueTypeState;
  known: boolean;
}) {
  if (!state.backlog) {
    return (
      <Typography variant="caption" color="text.secondary">
        {known ? 'unknown' : 'not reported by this server version'}
      </Typography>
    );
  }
  return (
    <Typography variant="body2">
      {state.backlog.count}
      {state.backlog.count > 0 && (
        <Typography component="span" variant="caption" color="text.secondary">
          {' '}
          · oldest {formatSeconds(state.backlog.ageSeconds)}
        </Typography>
      )}
    </Typography>
  );
}

function TaskQueuesPart({ result }: { result: TemporalProbeResult }) {
  const noPollers = new Set(
    result.signals
      .filter(s => s.id === 'temporal-backlog-no-pollers')
      .map(s => JSON.stringify([s.namespace, s.taskQueue])),
  );
  const backlogKnown = result.server?.backlogApi !== 'unsupported';
  const flagged = (q: TemporalTaskQueueState) =>
    noPollers.has(JSON.stringify([q.namespace, q.name])) ||
    // A signal without a namespace names the queue alone.
    noPollers.has(JSON.stringify([undefined, q.name]));
  return (
    <Box sx={{ overflowX: 'auto' }}>
      <Table size="small" aria-label="Task queues">
        <TableHead>
          <TableRow>
            <TableCell>Task queue</TableCell>
            <TableCell>Type</TableCell>
            <TableCell>Pollers</TableCell>
            <TableCell>Backlog</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {result.taskQueues.map(q => {
            const types = q.types.length > 0 ? q.types : [undefined];
            return (
              <Fragment key={`${q.namespace}/${q.name}`}>
                {types.map((t, i) => (
                  <TableRow
                    key={t?.type ?? 'none'}
                    data-task-queue={q.name}
                    data-type={t?.type}
                  >
                    {i === 0 && (
                      <TableCell
                        rowSpan={types.length}
                        sx={{ verticalAlign: 'top' }}
                      >
                        <Box component="span" sx={{ ...mono, fontWeight: 600 }}>
                          {q.name}
                        </Box>
                        <Typography
                          variant="caption"
                          color="text.secondary"
                          component="div"
                        >
                          {q.namespace} · {q.source}
                          {q.runningWorkflows !== undefined
                            ? ` · ${q.runningWorkflows} running`
                            : ''}
                        </Typography>
                        {flagged(q) && (
                          <Chip
                            size="small"
                            color="warning"
                            icon={<WarningAmberIcon />}
                            label="backlog, no pollers"
                            data-testid="backlog-no-pollers"
                            sx={{ mt: 0.5 }}
                          />
                        )}
                      </TableCell>
                    )}
                    <TableCell>{t?.type ?? '–'}</TableCell>
                    <TableCell>{t ? <PollersCell state={t} /> : '–'}</TableCell>
                    <TableCell>
                      {t ? <BacklogCell state={t} known={backlogKnown} /> : '–'}
                    </TableCell>
                  </TableRow>
                ))}
              </Fragment>
            );
          })}
        </TableBody>
      </Table>
    </Box>
  );
}

function WorkflowCountsPart({ result }: { result: TemporalProbeResult }) {
  return (
    <Stack spacing={1}>
      {result.workflowCounts.map(c => (
        <Box key={c.namespace} data-counts-namespace={c.namespace}>
          <Typography variant="body2" component="div" sx={{ mb: 0.5 }}>
            <Box component="span" sx={{ fontWeight: 600 }}>
              {c.namespace}
            </Box>{' '}
            · {c.total} {c.total === 1 ? 'execution' : 'executions'}
          </Typography>
          <Stack
            direction="row"
            spacing={0.5}
            useFlexGap
            flexWrap="wrap"
            aria-label={`Workflows of ${c.namespace} by status`}
          >
            {statusOrder
              .filter(s => c.byStatus[s] !== undefined)
              .map(s => {
                const n = c.byStatus[s] ?? 0;
                return (
                  <Chip
                    key={s}
                    size="small"
                    variant={n > 0 ? 'filled' : 'outlined'}
                    color={n > 0 ? statusColors[s] ?? 'default' : 'default'}
                    label={`${s} ${n}`}
                  />
                );
              })}
          </Stack>
        </Box>
      ))}
    </Stack>
  );
}

function RecentFailuresPart({ result }: { result: TemporalProbeResult }) {
  return (
    <Box sx={{ overflowX: 'auto' }}>
      <Table size="small" aria-label="Recent failures">
        <TableHead>
          <TableRow>
            <TableCell>Workflow</TableCell>
            <TableCell>Type</TableCell>
            <TableCell>Namespace</TableCell>
            <TableCell>Closed</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {result.recentFailures.map(f => (
            <TableRow key={`${f.namespace}/${f.workflowId}/${f.runId}`}>
              <TableCell sx={mono}>
                {f.webUiUrl ? (
                  <Link to={f.webUiUrl}>{f.workflowId}</Link>
                ) : (
                  f.workflowId
                )}
              </TableCell>
              <TableCell>{f.workflowType}</TableCell>
              <TableCell>{f.namespace}</TableCell>
              <TableCell sx={{ whiteSpace: 'nowrap' }}>
                {time(f.closeTime)}
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </Box>
  );
}

function ServerPart({ result }: { result: TemporalProbeResult }) {
  return (
    <Stack
      direction="row"
      spacing={1}
      alignItems="center"
      useFlexGap
      flexWrap="wrap"
    >
      <Typography variant="body2" data-testid="temporal-version">
        Temporal server {result.server?.version ?? 'version unknown'}
      </Typography>
      {result.health && (
        <Chip
          size="small"
          color={result.health === 'SERVING' ? 'success' : 'warning'}
          variant="outlined"
          label={result.health}
        />
      )}
      {result.webUiUrl && (
        <Link to={result.webUiUrl} variant="body2">
          Open the Temporal Web UI
        </Link>
      )}
    </Stack>
  );
}

const parts: ProbePart<TemporalProbeResult>[] = [
  { id: 'server', title: 'Server', render: r => <ServerPart result={r} /> },
  {
    id: 'namespaces',
    title: 'Namespaces',
    render: r => <NamespacesPart result={r} />,
    when: r => r.namespaces.length > 0,
  },
  {
    id: 'task-queues',
    title: 'Task queues',
    render: r => <TaskQueuesPart result={r} />,
    when: r => r.taskQueues.length > 0,
  },
  {
    id: 'workflows',
    title: 'Workflows by status',
    render: r => <WorkflowCountsPart result={r} />,
    when: r => r.workflowCounts.length > 0,
  },
  {
    id: 'failures',
    title: 'Recent failures',
    render: r =>
      r.recentFailures.length > 0 ? (
        <RecentFailuresPart result={r} />
      ) : (
        <Typography variant="body2" color="text.secondary">
          No failed workflow executions recently.
        </Typography>
      ),
  },
];

function Signals({ result }: { result: TemporalProbeResult }) {
  if (result.signals.length === 0) return null;
  return (
    <Stack spacing={1} data-testid="temporal-signals">
      {result.signals.map((s, i) => (
        <Alert key={i} severity="warning">
          {s.message}
        </Alert>
      ))}
    </Stack>
  );
}

function partialErrors(result: TemporalProbeResult): string[] {
  return result.errors.map(e => {
    const where = [e.namespace, e.taskQueue, e.taskQueueType]
      .filter(Boolean)
      .join(' / ');
    return `${e.part}${where ? ` (${where})` : ''}: ${e.message}`;
  });
}

/**
 * The Temporal server the service runs, as the backend's probe last saw it
 * in one environment. Renders nothing when no Temporal server is configured
 * for the service in that environment.
 */
export function TemporalSection(props: {
  service: ServiceDetail | string;
  environment: string;
  /** How often to ask again (default 15 s). */
  refreshMs?: number;
}) {
  const name =
    typeof props.service === 'string' ? props.service : props.service.name;
  const { value, loading, error } = useTemporalProbe(name, props.environment, {
    refreshMs: props.refreshMs,
  });
  // Not configured (404), or not known yet: no section at all.
  if (!value && !error) return null;
  return (
    <ProbeSection<TemporalProbeResult>
      id="temporal"
      title="Temporal"
      result={value?.state === 'probed' ? value.result : undefined}
      pending={value?.state === 'pending'}
      loading={loading}
      error={error}
      target={r => (
        <>
          frontend{' '}
          <Box component="code" sx={mono}>
            {r.address}
          </Box>
        </>
      )}
      summary={r => <Signals result={r} />}
      parts={parts}
      partialErrors={partialErrors}
    />
  );
}
