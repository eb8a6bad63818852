import { Progress } from '@backstage/core-components';
import Alert from '@mui/material/Alert';
import AlertTitle from '@mui/material/AlertTitle';
import Box from '@mui/material/Box';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { ReactNode } from 'react';
import { errorMessage } from '../RunbookRuns/errorMessage';
import { SectionCard } from '../SectionCard';

/** What every probe of a service's own server says about itself. */
export interface ProbeResultBase {
  /** RFC 3339; when the probe started. */
  checkedAt: string;
  durationMs: number;
  /** Whether the server answered at all. */
  reachable: boolean;
  /** Why it did not answer. */
  error?: string;
}

/** One titled part of a probe's answer, e.g. namespaces or task queues. */
export interface ProbePart<T> {
  id: string;
  title: string;
  render: (result: T) => ReactNode;
  /** Whether the part has anything to show; hidden otherwise. Default: yes. */
  when?: (result: T) => boolean;
}

/**
 * A section for a live probe of something the service runs (a Temporal
 * server, a database...): how fresh the answer is, an alert when the thing
 * does not answer, and the parts of the answer through the renderers given.
 */
export function ProbeSection<T extends ProbeResultBase>(props: {
  id: string;
  title: string;
  /** What was probed, e.g. `the Temporal frontend at temporal-frontend:7233`. */
  target?: (result: T) => ReactNode;
  /** The last answer; absent until there is one. */
  result?: T;
  /** True while the first probe has not finished. */
  pending?: boolean;
  loading?: boolean;
  /** Why the answer could not be loaded from the backend. */
  error?: Error;
  /** Shown first when the server answered, e.g. its signals. */
  summary?: (result: T) => ReactNode;
  parts: ProbePart<T>[];
  /** Parts of the probe that failed while the server answered. */
  partialErrors?: (result: T) => string[];
  action?: ReactNode;
}) {
  const { id, title, result, pending, loading, error, target } = props;
  let body: ReactNode;
  if (!result) {
    if (error) {
      body = (
        <Alert severity="error">
          <AlertTitle>Could not load the probe's answer</AlertTitle>
          {errorMessage(error)}. The rest of the page does not depend on it and
          still works.
        </Alert>
      );
    } else if (pending) {
      body = (
        <Typography
          variant="body2"
          color="text.secondary"
          data-testid="probe-pending"
        >
          The first probe has not finished yet; this section fills in by itself.
        </Typography>
      );
    } else if (loading) {
      body = <Progress />;
    }
  } else {
    const partial = props.partialErrors?.(result) ?? [];
    body = (
      <Stack spacing={2}>
        <Typography
          variant="caption"
          color="text.secondary"
          data-testid="probe-freshness"
        >
          Checked at {new Date(result.checkedAt).toLocaleTimeString()} in{' '}
          {Math.round(result.durationMs)} ms
          {target ? <>; {target(result)}</> : null}. Refreshes by itself.
        </Typography>
        {!result.reachable ? (
          <Alert severity="error" data-testid="probe-unreachable">
            <AlertTitle>
              Unreachable{target ? <>: {target(result)}</> : null}
            </AlertTitle>
            {result.error ?? 'The server did not answer.'}
            <Box component="p" sx={{ mb: 0 }}>
              Only this section is affected: the rest of the page still works.
              It updates by itself when the server answers again.
            </Box>
          </Alert>
        ) : (
          <>
            {props.summary?.(result)}
            {partial.length > 0 && (
              <Alert severity="info" data-testid="probe-partial">
                <AlertTitle>Partial answer</AlertTitle>
                <Box component="ul" sx={{ m: 0, pl: 2 }}>
                  {partial.map((p, i) => (
                    <li key={i}>{p}</li>
                  ))}
                </Box>
              </Alert>
            )}
            {props.parts
              .filter(part => part.when?.(result) ?? true)
              .map(part => (
                <Box
                  key={part.id}
                  component="section"
                  aria-labelledby={`${id}-${part.id}-heading`}
                >
                  <Typography
                    id={`${id}-${part.id}-heading`}
                    variant="subtitle1"
                    component="h3"
                    sx={{ fontWeight: 600, mb: 0.5 }}
                  >
                    {part.title}
                  </Typography>
                  {part.render(result)}
                </Box>
              ))}
          </>
        )}
        {error && (
          <Typography variant="caption" color="error">
            The last refresh failed ({errorMessage(error)}); showing the
            previous answer.
          </Typography>
        )}
      </Stack>
    );
  }
  return (
    <SectionCard id={id} title={title} action={props.action}>
      {body}
    </SectionCard>
  );
}
