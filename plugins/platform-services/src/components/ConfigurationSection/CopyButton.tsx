import CheckIcon from '@mui/icons-material/Check';
import ContentCopyIcon from '@mui/icons-material/ContentCopy';
import Box from '@mui/material/Box';
import IconButton from '@mui/material/IconButton';
import Tooltip from '@mui/material/Tooltip';
import { useEffect, useRef, useState } from 'react';
import { visuallyHidden } from '../visuallyHidden';

type CopyState = 'idle' | 'copied' | 'failed';

const messages: Record<CopyState, string> = {
  idle: '',
  copied: 'Copied',
  failed: 'Could not copy',
};

/**
 * A small icon button that copies `text` to the clipboard. `label` is both the
 * accessible name and the tooltip ("Copy TEMPORAL_DB_NAME"); the result is
 * announced politely ("Copied" / "Could not copy").
 */
export function CopyButton({ text, label }: { text: string; label: string }) {
  const [state, setState] = useState<CopyState>('idle');
  const timer = useRef<ReturnType<typeof setTimeout>>();
  useEffect(() => () => clearTimeout(timer.current), []);

  const copy = async () => {
    let next: CopyState = 'copied';
    try {
      if (!navigator.clipboard) throw new Error('Clipboard unavailable');
      await navigator.clipboard.writeText(text);
    } catch {
      next = 'failed';
    }
    setState(next);
    clearTimeout(timer.current);
    timer.current = setTimeout(() => setState('idle'), 2000);
  };

  const message = messages[state];
  return (
    <>
      <Tooltip title={message || label}>
        <IconButton
          size="small"
          aria-label={label}
          onClick={copy}
          sx={{ p: 0.5 }}
        >
          {state === 'copied' ? (
            <CheckIcon fontSize="inherit" color="success" />
          ) : (
            <ContentCopyIcon fontSize="inherit" />
          )}
        </IconButton>
      </Tooltip>
      <Box component="span" aria-live="polite" sx={visuallyHidden}>
        {message}
      </Box>
    </>
  );
}
