import Box from '@mui/material/Box';
import { ReactNode } from 'react';

/**
 * Code or a command in a scrolling monospace block, with an action (its copy
 * button) beside it.
 */
export function CodeBlock({
  code,
  action,
}: {
  code: string;
  action: ReactNode;
}) {
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
        <code>{code}</code>
      </Box>
      {action}
    </Box>
  );
}
