import { Progress, ResponseErrorPanel } from '@backstage/core-components';
import KeyboardArrowDownIcon from '@mui/icons-material/KeyboardArrowDown';
import KeyboardArrowRightIcon from '@mui/icons-material/KeyboardArrowRight';
import RefreshIcon from '@mui/icons-material/Refresh';
import Box from '@mui/material/Box';
import Collapse from '@mui/material/Collapse';
import IconButton from '@mui/material/IconButton';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Tooltip from '@mui/material/Tooltip';
import Typography from '@mui/material/Typography';
import {
  RunRecord,
  ServiceDetail,
} from '@platform-services/plugin-platform-services-common';
import { Fragment, useState } from 'react';
import { useRunHistory } from '../../hooks/useRunHistory';
import { EmptySection, SectionCard } from '../SectionCard';
import { visuallyHidden } from '../visuallyHidden';
import { errorMessage } from './errorMessage';
import { OutcomeChip, RunDetails } from './RunOutputView';

/** `user:default/jane` → `jane`. */
export function actorName(ref: string): string {
  const afterKind = ref.includes(':') ? ref.slice(ref.indexOf(':') + 1) : ref;
  return afterKind.includes('/')
    ? afterKind.slice(afterKind.lastIndexOf('/') + 1)
    : afterKind;
}

/** 850 → "850 ms", 12_300 → "12.3 s", 125_000 → "2 min 5 s". */
export function formatDuration(ms?: number): string {
  if (ms === undefined) return '–';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const minutes = Math.floor(ms / 60_000);
  const seconds = Math.round((ms % 60_000) / 1000);
  return `${minutes} min${seconds ? ` ${seconds} s` : ''}`;
}

function when(iso: string) {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleString();
}

const COLUMNS = 9;

function RunRow({ run }: { run: RunRecord }) {
  const [open, setOpen] = useState(false);
  const detailsId = `run-${run.runId}-details`;
  const hasDetails =
    !!run.preview || run.progress.length > 0 || !!run.output || !!run.error;
  return (
    <Fragment>
      <TableRow
        data-run-id={run.runId}
        sx={{ '& > td': { borderBottom: open ? 'unset' : undefined } }}
      >
        <TableCell padding="checkbox">
          <IconButton
            size="small"
            aria-label={`${open ? 'Hide' : 'Show'} details of the run of step ${
              run.stepIndex + 1
            } of ${run.runbookTitle}`}
            aria-expanded={open}
            aria-controls={detailsId}
            disabled={!hasDetails}
            onClick={() => setOpen(o => !o)}
          >
            {open ? <KeyboardArrowDownIcon /> : <KeyboardArrowRightIcon />}
          </IconButton>
        </TableCell>
        <TableCell sx={{ whiteSpace: 'nowrap' }}>
          {when(run.requestedAt)}
        </TableCell>
        <TableCell>
          <Tooltip title={run.actor}>
            <span>{actorName(run.actor)}</span>
          </Tooltip>
        </TableCell>
        <TableCell>{run.environment}</TableCell>
        <TableCell>
          {run.runbookTitle}
          <Typography variant="caption" color="text.secondary" component="div">
            step {run.stepIndex + 1}
          </Typography>
        </TableCell>
        <TableCell sx={{ maxWidth: 280 }}>
          <Tooltip
            title={<Box sx={{ fontFamily: 'monospace' }}>{run.command}</Box>}
          >
            <Box
              component="code"
              tabIndex={0}
              sx={{
                display: 'block',
                fontFamily: 'monospace',
                fontSize: '0.8rem',
                overflow: 'hidden',
                textOverflow: 'ellipsis',
                whiteSpace: 'nowrap',
              }}
            >
              {run.command}
            </Box>
          </Tooltip>
        </TableCell>
        <TableCell>{run.stepClass}</TableCell>
        <TableCell>
          <OutcomeChip outcome={run.outcome} />
        </TableCell>
        <TableCell sx={{ whiteSpace: 'nowrap' }}>
          {formatDuration(run.durationMs)}
        </TableCell>
      </TableRow>
      <TableRow>
        <TableCell
          colSpan={COLUMNS}
          sx={{ py: 0, ...(open ? {} : { borderBottom: 'none' }) }}
        >
          <Collapse in={open} timeout="auto" unmountOnExit>
            <Box id={detailsId} sx={{ py: 2, pl: 6 }}>
              <RunDetails record={run} />
            </Box>
          </Collapse>
        </TableCell>
      </TableRow>
    </Fragment>
  );
}

/**
 * Run history: every runbook step run from the portal for the service in the
 * environment, newest first, each expandable to its preview, progress and
 * output. It refreshes when this page starts or finishes a run.
 */
export function RunHistorySection(props: {
  service: ServiceDetail | string;
  environment?: string;
  /** How many runs to list (default 50). */
  limit?: number;
}) {
  const name =
    typeof props.service === 'string' ? props.service : props.service.name;
  const { runs, loading, error, refresh } = useRunHistory(
    name,
    props.environment,
    {
      limit: props.limit,
    },
  );
  return (
    <SectionCard
      id="history"
      title="Run history"
      action={
        <Tooltip title="Refresh">
          <span>
            <IconButton
              size="small"
              aria-label="Refresh the run history"
              onClick={refresh}
              disabled={loading}
            >
              <RefreshIcon fontSize="small" />
            </IconButton>
          </span>
        </Tooltip>
      }
    >
      {error && !runs && (
        <ResponseErrorPanel
          error={error}
          title="Could not load the run history"
        />
      )}
      {loading && !runs && <Progress />}
      {runs && runs.length === 0 && (
        <EmptySection>
          No runbook step has been run from the portal for this service yet.
        </EmptySection>
      )}
      {runs && runs.length > 0 && (
        <Box sx={{ overflowX: 'auto' }}>
          <Table size="small" aria-label="Runs">
            <TableHead>
              <TableRow>
                <TableCell padding="checkbox">
                  <Box component="span" sx={visuallyHidden}>
                    Details
                  </Box>
                </TableCell>
                <TableCell>When</TableCell>
                <TableCell>Who</TableCell>
                <TableCell>Environment</TableCell>
                <TableCell>Runbook</TableCell>
                <TableCell>Command</TableCell>
                <TableCell>Class</TableCell>
                <TableCell>Outcome</TableCell>
                <TableCell>Duration</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {runs.map(run => (
                <RunRow key={run.runId} run={run} />
              ))}
            </TableBody>
          </Table>
        </Box>
      )}
      {error && runs && (
        <Typography variant="caption" color="error">
          The last refresh failed ({errorMessage(error)}); showing the previous
          list.
        </Typography>
      )}
    </SectionCard>
  );
}
