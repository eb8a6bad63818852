import { CopyTextButton } from '@backstage/core-components';
import Box from '@mui/material/Box';

/** One command as a code block with a copy button. */
export function CommandBlock({ command }: { command: string }) {
  return (
    <Box
      sx={{
        display: 'flex',
        alignItems: 'flex-start',
        gap: 1,
        bgcolor: 'action.hover',
        borderRadius: 1,
        pl: 1.5,
        pr: 0.5,
        py: 0.5,
      }}
    >
      <Box
        component="pre"
        sx={{
          m: 0,
          py: 0.75,
          flex: 1,
          overflowX: 'auto',
          fontFamily: 'monospace',
          fontSize: '0.85rem',
          whiteSpace: 'pre',
        }}
      >
        <code>{command}</code>
      </Box>
      <CopyTextButton text={command} tooltipText="Command copied" aria-label="Copy command" />
    </Box>
  );
}
