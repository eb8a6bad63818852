import { CopyTextButton, MarkdownContent } from '@backstage/core-components';
import ExpandMoreIcon from '@mui/icons-material/ExpandMore';
import LinkIcon from '@mui/icons-material/Link';
import Accordion from '@mui/material/Accordion';
import AccordionDetails from '@mui/material/AccordionDetails';
import AccordionSummary from '@mui/material/AccordionSummary';
import Box from '@mui/material/Box';
import IconButton from '@mui/material/IconButton';
import Stack from '@mui/material/Stack';
import Tooltip from '@mui/material/Tooltip';
import Typography from '@mui/material/Typography';
import {
  RunbookStep,
  ServiceDetail,
  ServiceRunbook,
} from '@platform-services/plugin-platform-services-common';
import { ReactNode, useEffect, useState } from 'react';
import { useLocation, useNavigate } from 'react-router-dom';
import { EmptySection, SectionCard } from '../SectionCard';
import { CommandBlock } from './CommandBlock';

/** The fragment that opens a runbook: `#runbook-<id>`. */
export function runbookAnchor(id: string): string {
  return `runbook-${id}`;
}

/** What the page puts next to a step, e.g. a Run button once runbooks can run. */
export type StepActions = (runbook: ServiceRunbook, step: RunbookStep) => ReactNode;

function StepView(props: {
  runbook: ServiceRunbook;
  step: RunbookStep;
  stepActions?: StepActions;
}) {
  const { runbook, step, stepActions } = props;
  return (
    <Box component="li" sx={{ listStyle: 'none', mb: 1.5 }}>
      {step.comments.length > 0 && (
        <Typography
          variant="body2"
          color="text.secondary"
          sx={{ fontStyle: 'italic', mb: 0.5 }}
          data-testid="step-note"
        >
          {step.comments.join(' ')}
        </Typography>
      )}
      <Stack direction="row" spacing={1} alignItems="flex-start">
        <Typography
          variant="caption"
          color="text.secondary"
          sx={{ minWidth: 24, pt: 1.25, textAlign: 'right' }}
          aria-label={`Step ${step.index + 1}`}
        >
          {step.index + 1}.
        </Typography>
        <Box sx={{ flex: 1, minWidth: 0 }}>
          <CommandBlock command={step.command} />
        </Box>
        {stepActions && <Box sx={{ pt: 0.5 }}>{stepActions(runbook, step)}</Box>}
      </Stack>
    </Box>
  );
}

/**
 * The Operations section: one expandable runbook per symptom, its steps as
 * commands with the comments that explain them. A runbook opens from a deep
 * link (`#runbook-<id>`), and opening one updates the link.
 */
export function RunbooksSection(props: {
  service: ServiceDetail;
  stepActions?: StepActions;
}) {
  const { service, stepActions } = props;
  const location = useLocation();
  const navigate = useNavigate();
  const fromHash = location.hash.startsWith('#runbook-')
    ? location.hash.slice('#runbook-'.length)
    : undefined;
  const [open, setOpen] = useState<Set<string>>(
    () => new Set(fromHash ? [decodeURIComponent(fromHash)] : []),
  );

  useEffect(() => {
    if (!fromHash) return;
    const id = decodeURIComponent(fromHash);
    setOpen(prev => (prev.has(id) ? prev : new Set([...prev, id])));
    const el = document.getElementById(runbookAnchor(id));
    el?.scrollIntoView?.({ block: 'start' });
  }, [fromHash]);

  const toggle = (id: string, expanded: boolean) => {
    setOpen(prev => {
      const next = new Set(prev);
      if (expanded) next.add(id);
      else next.delete(id);
      return next;
    });
    if (expanded) {
      navigate({ hash: runbookAnchor(id) }, { replace: true });
    }
  };

  return (
    <SectionCard id="runbooks" title="Operations">
      {service.runbooks.length === 0 ? (
        <EmptySection>The catalog has no runbooks for this service.</EmptySection>
      ) : (
        service.runbooks.map(runbook => {
          const anchor = runbookAnchor(runbook.id);
          return (
            <Accordion
              key={runbook.id}
              id={anchor}
              expanded={open.has(runbook.id)}
              onChange={(_e, expanded) => toggle(runbook.id, expanded)}
              disableGutters
              variant="outlined"
              sx={{ scrollMarginTop: 16 }}
              TransitionProps={{ unmountOnExit: true }}
            >
              <AccordionSummary
                expandIcon={<ExpandMoreIcon />}
                aria-controls={`${anchor}-content`}
                id={`${anchor}-summary`}
              >
                <Typography variant="subtitle1" component="h3" sx={{ fontWeight: 600 }}>
                  {runbook.title}
                </Typography>
              </AccordionSummary>
              <AccordionDetails id={`${anchor}-content`}>
                <Stack direction="row" alignItems="flex-start" spacing={1}>
                  <Box sx={{ flex: 1 }}>
                    <Typography variant="overline" component="h4">
                      Symptoms
                    </Typography>
                    <MarkdownContent content={runbook.symptoms} />
                  </Box>
                  <Tooltip title="Copy a link to this runbook">
                    <IconButton
                      aria-label={`Copy a link to ${runbook.title}`}
                      size="small"
                      onClick={() => {
                        const url = new URL(window.location.href);
                        url.hash = anchor;
                        window.navigator.clipboard?.writeText(url.toString());
                      }}
                    >
                      <LinkIcon fontSize="small" />
                    </IconButton>
                  </Tooltip>
                </Stack>
                <Stack direction="row" alignItems="center" sx={{ mt: 1 }}>
                  <Typography variant="overline" component="h4" sx={{ flex: 1 }}>
                    Steps
                  </Typography>
                  <CopyTextButton
                    text={runbook.script}
                    tooltipText="Script copied"
                    aria-label="Copy the whole script"
                  />
                </Stack>
                <Box component="ol" sx={{ p: 0, m: 0 }} aria-label={`Steps of ${runbook.title}`}>
                  {runbook.steps.map(step => (
                    <StepView
                      key={step.index}
                      runbook={runbook}
                      step={step}
                      stepActions={stepActions}
                    />
                  ))}
                </Box>
                {runbook.trailingComments.length > 0 && (
                  <Typography variant="body2" color="text.secondary" sx={{ fontStyle: 'italic' }}>
                    {runbook.trailingComments.join(' ')}
                  </Typography>
                )}
              </AccordionDetails>
            </Accordion>
          );
        })
      )}
    </SectionCard>
  );
}
