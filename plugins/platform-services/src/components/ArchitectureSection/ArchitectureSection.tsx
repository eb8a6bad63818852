import AccountTreeOutlinedIcon from '@mui/icons-material/AccountTreeOutlined';
import CodeIcon from '@mui/icons-material/Code';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import CircularProgress from '@mui/material/CircularProgress';
import Stack from '@mui/material/Stack';
import { useTheme } from '@mui/material/styles';
import Typography from '@mui/material/Typography';
import { ServiceDetail } from '@platform-services/plugin-platform-services-common';
import { useEffect, useId, useRef, useState } from 'react';
import { CodeBlock } from '../CodeBlock';
import { CopyButton } from '../ConfigurationSection/CopyButton';
import { EmptySection, SectionCard } from '../SectionCard';
import {
  MermaidLoadError,
  MermaidTheme,
  renderMermaid,
} from './mermaidRenderer';

type Diagram = ServiceDetail['diagrams'][number];

type DiagramState =
  | { status: 'loading' }
  | { status: 'rendered'; svg: string }
  | { status: 'failed'; reason: 'parse' | 'load'; message: string };

/** A `useId` turned into something mermaid accepts as an element id. */
function useDiagramId() {
  return `ps-mermaid-${useId().replace(/[^a-zA-Z0-9_-]/g, '')}`;
}

function messageOf(error: unknown) {
  const message = error instanceof Error ? error.message : String(error);
  return message.trim() || 'unknown error';
}

function SourceBlock({ title, source }: { title: string; source: string }) {
  return (
    <CodeBlock
      code={source}
      action={
        <CopyButton
          text={source}
          label={`Copy the Mermaid source of ${title}`}
        />
      }
    />
  );
}

function MermaidDiagram({
  diagram,
  theme,
}: {
  diagram: Diagram;
  theme: MermaidTheme;
}) {
  const baseId = useDiagramId();
  const renders = useRef(0);
  const [state, setState] = useState<DiagramState>({ status: 'loading' });
  const [showSource, setShowSource] = useState(false);

  useEffect(() => {
    let current = true;
    // A fresh id each time: mermaid scopes the SVG's styles by id.
    renders.current += 1;
    renderMermaid(`${baseId}-${renders.current}`, diagram.source, theme).then(
      svg => {
        if (current) setState({ status: 'rendered', svg });
      },
      error => {
        if (!current) return;
        setState({
          status: 'failed',
          reason: error instanceof MermaidLoadError ? 'load' : 'parse',
          message: messageOf(error),
        });
      },
    );
    return () => {
      current = false;
    };
  }, [baseId, diagram.source, theme]);

  const headingId = `${baseId}-title`;
  const bodyId = `${baseId}-body`;
  const failed = state.status === 'failed';

  let body;
  if (state.status === 'failed') {
    // mermaid's parse errors point at the error with a caret on a second line.
    const [headline, ...detail] = state.message.split('\n');
    body = (
      <Stack spacing={1}>
        <Alert severity="warning">
          {state.reason === 'load'
            ? 'The diagram renderer could not be loaded: '
            : 'This diagram could not be rendered: '}
          {headline}
          {detail.length > 0 && (
            <Box
              component="pre"
              sx={{
                m: 0,
                mt: 0.5,
                fontFamily: 'monospace',
                fontSize: '0.8rem',
                whiteSpace: 'pre-wrap',
                overflowWrap: 'anywhere',
              }}
            >
              {detail.join('\n')}
            </Box>
          )}
        </Alert>
        <SourceBlock title={diagram.title} source={diagram.source} />
      </Stack>
    );
  } else if (showSource) {
    body = <SourceBlock title={diagram.title} source={diagram.source} />;
  } else if (state.status === 'loading') {
    body = (
      <Stack
        direction="row"
        spacing={1}
        alignItems="center"
        sx={{ py: 2 }}
        role="status"
      >
        <CircularProgress size={20} aria-label={`Rendering ${diagram.title}`} />
        <Typography variant="body2" color="text.secondary">
          Rendering diagram…
        </Typography>
      </Stack>
    );
  } else {
    body = (
      <Box
        data-testid="mermaid-svg"
        role="img"
        aria-label={diagram.title}
        // Focusable so that a wide diagram can be scrolled with the keyboard.
        tabIndex={0}
        sx={{
          overflowX: 'auto',
          py: 1,
          '& svg': { display: 'block', mx: 'auto', height: 'auto' },
          '&:focus-visible': {
            outline: t => `2px solid ${t.palette.primary.main}`,
          },
        }}
        dangerouslySetInnerHTML={{ __html: state.svg }}
      />
    );
  }

  return (
    <Box component="article" aria-labelledby={headingId}>
      <Stack
        direction="row"
        spacing={1}
        alignItems="center"
        justifyContent="space-between"
        sx={{ mb: 1 }}
      >
        <Typography id={headingId} variant="h6" component="h3">
          {diagram.title}
        </Typography>
        {!failed && (
          <Button
            size="small"
            variant="outlined"
            aria-pressed={showSource}
            aria-controls={bodyId}
            startIcon={showSource ? <AccountTreeOutlinedIcon /> : <CodeIcon />}
            onClick={() => setShowSource(s => !s)}
          >
            {showSource ? 'View diagram' : 'View source'}
          </Button>
        )}
      </Stack>
      <Box id={bodyId}>{body}</Box>
    </Box>
  );
}

/**
 * The service's architecture diagrams, drawn with Mermaid in the browser.
 * Mermaid is loaded on demand and follows the light or dark palette.
 *
 * @public
 */
export function ArchitectureSection({ service }: { service: ServiceDetail }) {
  const theme: MermaidTheme =
    useTheme().palette.mode === 'dark' ? 'dark' : 'default';
  const diagrams = service.diagrams.filter(d => d.format === 'mermaid');
  return (
    <SectionCard id="architecture" title="Architecture">
      {diagrams.length === 0 ? (
        <EmptySection>
          No architecture diagrams in the catalog for this service.
        </EmptySection>
      ) : (
        <Stack spacing={3}>
          {diagrams.map((diagram, i) => (
            <MermaidDiagram
              key={`${i}-${diagram.title}`}
              diagram={diagram}
              theme={theme}
            />
          ))}
        </Stack>
      )}
    </SectionCard>
  );
}
