import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import CircularProgress from '@mui/material/CircularProgress';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import {
  RunbookStep,
  ServiceRunbook,
} from '@platform-services/plugin-platform-services-common';
import { FormEvent, useEffect, useId, useRef, useState } from 'react';
import { RunbookRuns } from '../../hooks/useRunbookRuns';
import { errorMessage } from './errorMessage';
import {
  ActionPreviewView,
  OutcomeChip,
  ProgressList,
  RunOutputView,
} from './RunOutputView';

function Waiting({ children }: { children: string }) {
  return (
    <Stack direction="row" spacing={1} alignItems="center" role="status">
      <CircularProgress size={18} aria-hidden="true" />
      <Typography variant="body2">{children}</Typography>
    </Stack>
  );
}

/**
 * Runs one action step: the server's dry run first, then the confirmation
 * typed by the operator, then the run (with the preview's run id) and its
 * progress until it finishes.
 */
export function ActionRunDialog(props: {
  open: boolean;
  onClose: () => void;
  runs: RunbookRuns;
  runbook: ServiceRunbook;
  step: RunbookStep;
}) {
  const { open, onClose, runs, runbook, step } = props;
  const state = runs.stateOf(runbook.id, step.index);
  const record = state?.record;
  const preview = record?.preview;
  const [typed, setTyped] = useState('');
  const titleId = useId();
  const formId = useId();

  // Each preview asks for its own confirmation.
  const runId = state?.runId;
  useEffect(() => setTyped(''), [runId]);

  const previewed = record?.outcome === 'previewed' && !!preview;
  const started = !!record && record.outcome !== 'previewed';
  const finished = started && !state?.pending;
  const confirmation = preview?.confirmation ?? '';
  const matches = previewed && typed.trim() === confirmation;
  const submitting = state?.pending === 'run';

  // Once the preview is in, the next thing to do is typing the confirmation.
  const inputRef = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (open && previewed) inputRef.current?.focus();
  }, [open, previewed, runId]);

  const run = (e?: FormEvent) => {
    e?.preventDefault();
    if (!matches || state?.pending) return;
    void runs.runAction(runbook.id, step.index, confirmation);
  };

  const production = runs.plans?.requiresTypedConfirmation;

  return (
    <Dialog
      open={open}
      onClose={onClose}
      maxWidth="md"
      fullWidth
      aria-labelledby={titleId}
    >
      <DialogTitle id={titleId}>
        Step {step.index + 1} of “{runbook.title}” in {runs.environment}
      </DialogTitle>
      <DialogContent dividers>
        <Stack spacing={2}>
          <Box
            component="pre"
            sx={{
              m: 0,
              p: 1,
              fontFamily: 'monospace',
              fontSize: '0.85rem',
              bgcolor: 'action.hover',
              borderRadius: 1,
              overflowX: 'auto',
            }}
          >
            <code>{step.command}</code>
          </Box>

          {state?.pending === 'preview' && (
            <Waiting>Dry run on the server, nothing changes…</Waiting>
          )}

          {preview && (
            <Box>
              <Typography variant="overline" component="h3">
                What the dry run shows will change
              </Typography>
              <ActionPreviewView preview={preview} />
            </Box>
          )}

          {state?.error && !record && (
            <Alert
              severity="error"
              action={
                <Button
                  color="inherit"
                  size="small"
                  onClick={() => runs.previewAction(runbook.id, step.index)}
                >
                  Try again
                </Button>
              }
            >
              The dry run failed: {errorMessage(state.error)}
            </Alert>
          )}

          {previewed && (
            <Box component="form" id={formId} onSubmit={run} noValidate>
              <Typography variant="body2" gutterBottom>
                {production
                  ? 'This environment is production: type the service name to run the step.'
                  : 'To run the step, type the confirmation text.'}{' '}
                Type exactly{' '}
                <Box
                  component="code"
                  data-testid="confirmation-text"
                  sx={{
                    fontFamily: 'monospace',
                    fontWeight: 700,
                    px: 0.5,
                    bgcolor: 'action.selected',
                    borderRadius: 0.5,
                  }}
                >
                  {confirmation}
                </Box>
              </Typography>
              <TextField
                inputRef={inputRef}
                fullWidth
                size="small"
                label="Confirmation"
                value={typed}
                onChange={e => setTyped(e.target.value)}
                disabled={submitting}
                autoComplete="off"
                inputProps={{ spellCheck: false }}
                error={
                  typed.length > 0 &&
                  !matches &&
                  !confirmation.startsWith(typed.trim())
                }
                helperText={
                  matches
                    ? 'Confirmed.'
                    : `Type "${confirmation}" to enable the Run button.`
                }
              />
            </Box>
          )}

          {state?.error && record && (
            <Alert severity="error">
              The run was not started: {errorMessage(state.error)}
            </Alert>
          )}

          {submitting && <Waiting>Starting the run…</Waiting>}

          {started && record && (
            <Box aria-live="polite">
              <Stack
                direction="row"
                spacing={1}
                alignItems="center"
                sx={{ mb: 1 }}
              >
                <Typography variant="overline" component="h3">
                  Run
                </Typography>
                <OutcomeChip outcome={record.outcome} />
                {record.durationMs !== undefined && (
                  <Typography variant="caption" color="text.secondary">
                    {(record.durationMs / 1000).toFixed(1)} s
                  </Typography>
                )}
              </Stack>
              <Stack spacing={1.5}>
                <ProgressList progress={record.progress} />
                {record.error && <Alert severity="error">{record.error}</Alert>}
                {record.output && <RunOutputView output={record.output} />}
                {state?.pollError && (
                  <Typography variant="caption" color="text.secondary">
                    Could not read the run's progress (
                    {errorMessage(state.pollError)}); trying again.
                  </Typography>
                )}
              </Stack>
            </Box>
          )}
        </Stack>
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>
          {finished || started ? 'Close' : 'Cancel'}
        </Button>
        {!started && (
          <Button
            variant="contained"
            color="warning"
            onClick={() => run()}
            disabled={!matches || !!state?.pending}
          >
            Run
          </Button>
        )}
      </DialogActions>
    </Dialog>
  );
}
