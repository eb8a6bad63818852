import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Chip from '@mui/material/Chip';
import CircularProgress from '@mui/material/CircularProgress';
import Stack from '@mui/material/Stack';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import {
  ActionPreview,
  RunOutcome,
  RunOutput,
  RunRecord,
} from '@platform-services/plugin-platform-services-common';

const mono = { fontFamily: 'monospace', fontSize: '0.8rem' } as const;

/** A scrollable code block; focusable so that it scrolls from the keyboard. */
function CodeBox(props: { label: string; text: string; maxHeight?: number }) {
  return (
    <Box
      component="pre"
      tabIndex={0}
      aria-label={props.label}
      sx={{
        ...mono,
        m: 0,
        p: 1,
        bgcolor: 'action.hover',
        color: 'text.primary',
        borderRadius: 1,
        overflow: 'auto',
        maxHeight: props.maxHeight ?? 360,
        whiteSpace: 'pre',
      }}
    >
      <code>{props.text}</code>
    </Box>
  );
}

function TableOutput({
  columns,
  rows,
}: {
  columns: string[];
  rows: string[][];
}) {
  if (rows.length === 0) {
    return (
      <Typography variant="body2" color="text.secondary">
        No rows.
      </Typography>
    );
  }
  return (
    <Box
      sx={{ overflow: 'auto', maxHeight: 360 }}
      tabIndex={0}
      aria-label="Output table, scrollable"
    >
      <Table size="small" stickyHeader aria-label="Output">
        <TableHead>
          <TableRow>
            {columns.map((c, i) => (
              <TableCell
                key={i}
                sx={{ ...mono, fontWeight: 600, whiteSpace: 'nowrap' }}
              >
                {c}
              </TableCell>
            ))}
          </TableRow>
        </TableHead>
        <TableBody>
          {rows.map((row, r) => (
            <TableRow key={r}>
              {row.map((cell, c) => (
                <TableCell key={c} sx={{ ...mono, whiteSpace: 'nowrap' }}>
                  {cell}
                </TableCell>
              ))}
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </Box>
  );
}

/** What a run produced, in the shape its kind reads best in. */
export function RunOutputView({ output }: { output: RunOutput }) {
  switch (output.kind) {
    case 'table':
      return <TableOutput columns={output.columns} rows={output.rows} />;
    case 'yaml':
      return <CodeBox label="YAML output" text={output.text} />;
    case 'log':
      return (
        <Stack spacing={0.5}>
          <Typography
            variant="caption"
            color="text.secondary"
            data-testid="log-summary"
          >
            {output.lines.length} {output.lines.length === 1 ? 'line' : 'lines'}
            {output.truncated
              ? ' · truncated: the log was longer than the portal shows'
              : ''}
          </Typography>
          <CodeBox
            label="Log output"
            text={output.lines.join('\n')}
            maxHeight={320}
          />
        </Stack>
      );
    case 'text':
    default:
      return (
        <CodeBox
          label="Output"
          text={(output as { text?: string }).text ?? ''}
        />
      );
  }
}

const outcomeColors: Record<
  RunOutcome,
  'default' | 'info' | 'success' | 'error' | 'warning'
> = {
  previewed: 'default',
  running: 'info',
  succeeded: 'success',
  failed: 'error',
  denied: 'warning',
};

/** A run's outcome as a chip; the word is always there, not only the colour. */
export function OutcomeChip({ outcome }: { outcome: RunOutcome }) {
  return (
    <Chip
      size="small"
      color={outcomeColors[outcome] ?? 'default'}
      variant={outcome === 'previewed' ? 'outlined' : 'filled'}
      icon={
        outcome === 'running' ? (
          <CircularProgress size={12} color="inherit" aria-hidden="true" />
        ) : undefined
      }
      label={outcome}
      data-outcome={outcome}
    />
  );
}

function objectLabel(o: {
  apiVersion: string;
  kind: string;
  namespace?: string;
  name: string;
}) {
  return `${o.kind} ${o.namespace ? `${o.namespace}/` : ''}${o.name}`;
}

/** What a dry run of an action showed would change. */
export function ActionPreviewView({ preview }: { preview: ActionPreview }) {
  return (
    <Stack spacing={1.5} data-testid="action-preview">
      <Typography variant="body1">{preview.summary}</Typography>
      {preview.patches.map((p, i) => (
        <Box key={`patch-${i}`}>
          <Typography variant="subtitle2" component="h4">
            Patch {objectLabel(p.object)}{' '}
            <Typography
              component="span"
              variant="caption"
              color="text.secondary"
            >
              ({p.object.apiVersion}, {p.contentType})
            </Typography>
          </Typography>
          <CodeBox
            label={`Patch of ${objectLabel(p.object)}`}
            text={JSON.stringify(p.patch, null, 2)}
            maxHeight={240}
          />
        </Box>
      ))}
      {preview.deletes.length > 0 && (
        <Box>
          <Typography variant="subtitle2" component="h4">
            Deletes {preview.deletes.length}{' '}
            {preview.deletes.length === 1 ? 'object' : 'objects'}
          </Typography>
          <Box component="ul" sx={{ m: 0, pl: 3 }} aria-label="Objects deleted">
            {preview.deletes.map((d, i) => (
              <Typography key={i} component="li" variant="body2" sx={mono}>
                {objectLabel(d)}{' '}
                <Typography
                  component="span"
                  variant="caption"
                  color="text.secondary"
                >
                  ({d.apiVersion})
                </Typography>
              </Typography>
            ))}
          </Box>
        </Box>
      )}
      {preview.patches.length === 0 && preview.deletes.length === 0 && (
        <Typography variant="body2" color="text.secondary">
          The dry run found nothing to change.
        </Typography>
      )}
    </Stack>
  );
}

function time(iso: string) {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleTimeString();
}

/** What happened during a run, in order. */
export function ProgressList({
  progress,
}: {
  progress: RunRecord['progress'];
}) {
  if (progress.length === 0) return null;
  return (
    <Box
      component="ol"
      sx={{ m: 0, pl: 0, listStyle: 'none' }}
      aria-label="Progress"
    >
      {progress.map((p, i) => (
        <Typography key={i} component="li" variant="body2">
          <Typography
            component="span"
            variant="caption"
            color="text.secondary"
            sx={{ mr: 1, ...mono }}
          >
            {time(p.at)}
          </Typography>
          {p.message}
        </Typography>
      ))}
    </Box>
  );
}

/** Everything a run record tells: preview, progress, output and error. */
export function RunDetails(props: {
  record: RunRecord;
  showPreview?: boolean;
}) {
  const { record, showPreview = true } = props;
  return (
    <Stack spacing={1.5}>
      {showPreview && record.preview && (
        <ActionPreviewView preview={record.preview} />
      )}
      <ProgressList progress={record.progress} />
      {record.error && (
        <Alert severity="error" variant="outlined">
          {record.error}
        </Alert>
      )}
      {record.output && <RunOutputView output={record.output} />}
    </Stack>
  );
}
