import CloseIcon from '@mui/icons-material/Close';
import PlayArrowIcon from '@mui/icons-material/PlayArrow';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import CircularProgress from '@mui/material/CircularProgress';
import IconButton from '@mui/material/IconButton';
import Stack from '@mui/material/Stack';
import Tooltip from '@mui/material/Tooltip';
import Typography from '@mui/material/Typography';
import {
  RunbookStep,
  ServiceRunbook,
} from '@platform-services/plugin-platform-services-common';
import { ReactNode, RefObject, useLayoutEffect, useRef, useState } from 'react';
import { createPortal } from 'react-dom';
import { RunbookRuns, StepRunState } from '../../hooks/useRunbookRuns';
import { ActionRunDialog } from './ActionRunDialog';
import { errorMessage } from './errorMessage';
import { OutcomeChip, ProgressList, RunOutputView } from './RunOutputView';

/**
 * Renders `children` under the whole step rather than in the narrow place
 * beside the command that `stepActions` gets: in a container appended to
 * the step's list item. Outside a list item it renders in place.
 */
function BelowStep(props: {
  anchor: RefObject<HTMLElement>;
  children: ReactNode;
}) {
  const { anchor } = props;
  const [target, setTarget] = useState<{ container?: HTMLElement }>();
  useLayoutEffect(() => {
    const item = anchor.current?.closest('li');
    if (!item) {
      setTarget({});
      return undefined;
    }
    const container = document.createElement('div');
    container.dataset.stepRun = 'output';
    item.appendChild(container);
    setTarget({ container });
    return () => {
      container.remove();
    };
  }, [anchor]);
  if (!target) return null;
  const content = <Box sx={{ ml: 4, mt: 1 }}>{props.children}</Box>;
  return target.container ? createPortal(content, target.container) : content;
}

/** A non-interactive note that shows its reason on hover and keyboard focus. */
function ReasonChip(props: {
  label: string;
  reason: string;
  color?: 'default' | 'warning';
  testId: string;
}) {
  return (
    <Tooltip title={props.reason} describeChild>
      <Chip
        size="small"
        variant="outlined"
        color={props.color ?? 'default'}
        label={props.label}
        tabIndex={0}
        data-testid={props.testId}
      />
    </Tooltip>
  );
}

function MutedNote(props: { text: string; reason?: string; testId: string }) {
  const note = (
    <Typography
      variant="caption"
      color="text.secondary"
      tabIndex={props.reason ? 0 : undefined}
      data-testid={props.testId}
      sx={{ display: 'inline-block', pt: 0.75, whiteSpace: 'nowrap' }}
    >
      {props.text}
    </Typography>
  );
  return props.reason ? (
    <Tooltip title={props.reason} describeChild>
      {note}
    </Tooltip>
  ) : (
    note
  );
}

function RunResult(props: {
  state: StepRunState;
  onHide: () => void;
  showProgress: boolean;
}) {
  const { state, onHide, showProgress } = props;
  const { record } = state;
  const hide = (
    <Tooltip title="Hide the result (the run history keeps it)">
      <IconButton size="small" aria-label="Hide the result" onClick={onHide}>
        <CloseIcon fontSize="small" />
      </IconButton>
    </Tooltip>
  );
  if (state.pending === 'run' && !record) {
    return (
      <Stack direction="row" spacing={1} alignItems="center" role="status">
        <CircularProgress size={16} aria-hidden="true" />
        <Typography variant="body2">Running…</Typography>
      </Stack>
    );
  }
  if (state.error && !record) {
    return (
      <Alert severity="error" action={hide} data-testid="run-error">
        The run failed: {errorMessage(state.error)}
      </Alert>
    );
  }
  if (!record) return null;
  return (
    <Box
      data-testid="run-result"
      aria-live="polite"
      sx={{ borderLeft: 3, borderColor: 'divider', pl: 1.5 }}
    >
      <Stack direction="row" spacing={1} alignItems="center" sx={{ mb: 1 }}>
        <OutcomeChip outcome={record.outcome} />
        <Typography variant="caption" color="text.secondary" sx={{ flex: 1 }}>
          {record.durationMs !== undefined
            ? `in ${(record.durationMs / 1000).toFixed(1)} s`
            : 'in progress'}
        </Typography>
        {!state.pending && hide}
      </Stack>
      <Stack spacing={1}>
        {showProgress && <ProgressList progress={record.progress} />}
        {record.error && <Alert severity="error">{record.error}</Alert>}
        {record.output && <RunOutputView output={record.output} />}
        {state.error && (
          <Alert severity="error">{errorMessage(state.error)}</Alert>
        )}
      </Stack>
    </Box>
  );
}

/**
 * What the page offers next to one runbook step, decided by the backend's
 * plan for the step and the caller's permission: run a diagnostic, preview
 * and run an action, or say why the portal does not run it. Results show
 * under the step.
 */
export function StepRunControls(props: {
  runs: RunbookRuns;
  runbook: ServiceRunbook;
  step: RunbookStep;
}) {
  const { runs, runbook, step } = props;
  const anchor = useRef<HTMLDivElement>(null);
  const [dialogOpen, setDialogOpen] = useState(false);
  const availability = runs.availability(runbook.id, step.index);
  const state = runs.stateOf(runbook.id, step.index);

  let control: ReactNode = null;
  if (!availability) {
    if (runs.error && !runs.loading) {
      control = (
        <MutedNote
          text="Runs unavailable"
          reason={`Could not ask the backend what may run: ${errorMessage(
            runs.error,
          )}`}
          testId="runs-unavailable"
        />
      );
    }
  } else if (availability.class === 'manual') {
    control = (
      <ReasonChip
        label="Run it yourself"
        reason={availability.reason}
        testId="step-manual"
      />
    );
  } else if (availability.class === 'refused') {
    control = (
      <ReasonChip
        label="Not run by the portal"
        reason={availability.reason}
        color="warning"
        testId="step-refused"
      />
    );
  } else if (!availability.allowed) {
    control = (
      <MutedNote
        text="You may not run this"
        reason={availability.deniedReason}
        testId="step-denied"
      />
    );
  } else if (availability.class === 'diagnostic') {
    const running = !!state?.pending;
    control = (
      <Tooltip title={availability.reason} describeChild>
        <span>
          <Button
            size="small"
            variant="outlined"
            startIcon={
              running ? (
                <CircularProgress size={14} aria-hidden="true" />
              ) : (
                <PlayArrowIcon />
              )
            }
            disabled={running}
            onClick={() => runs.runDiagnostic(runbook.id, step.index)}
            aria-label={`Run step ${step.index + 1}`}
          >
            Run
          </Button>
        </span>
      </Tooltip>
    );
  } else if (availability.class === 'action') {
    const busy = state?.pending === 'run' || state?.pending === 'poll';
    control = (
      <Tooltip title={availability.reason} describeChild>
        <span>
          <Button
            size="small"
            variant="outlined"
            color="warning"
            startIcon={
              busy ? (
                <CircularProgress size={14} aria-hidden="true" />
              ) : undefined
            }
            onClick={() => {
              setDialogOpen(true);
              if (!busy) void runs.previewAction(runbook.id, step.index);
            }}
            aria-haspopup="dialog"
            aria-label={
              busy
                ? `Follow step ${step.index + 1}…`
                : `Preview and run step ${step.index + 1}…`
            }
            sx={{ whiteSpace: 'nowrap' }}
          >
            {busy ? 'Running…' : 'Preview and run…'}
          </Button>
        </span>
      </Tooltip>
    );
  }

  const isAction = availability?.class === 'action';
  // An action's result shows under the step once it ran and the dialog is closed.
  const showResult =
    !!state &&
    (isAction
      ? !dialogOpen && !!state.record && state.record.outcome !== 'previewed'
      : true);

  return (
    <div ref={anchor}>
      {control}
      {isAction && (
        <ActionRunDialog
          open={dialogOpen}
          onClose={() => {
            setDialogOpen(false);
            // A preview that was not run leaves nothing to show.
            if (!state?.record || state.record.outcome === 'previewed') {
              runs.dismiss(runbook.id, step.index);
            }
          }}
          runs={runs}
          runbook={runbook}
          step={step}
        />
      )}
      {showResult && state && (
        <BelowStep anchor={anchor}>
          <RunResult
            state={state}
            showProgress={isAction}
            onHide={() => runs.dismiss(runbook.id, step.index)}
          />
        </BelowStep>
      )}
    </div>
  );
}
