import Paper from '@mui/material/Paper';
import Typography from '@mui/material/Typography';
import { ReactNode } from 'react';

/**
 * One section of the service page: a landmark with a heading that the page's
 * table of contents links to by `id`.
 */
export function SectionCard(props: {
  id: string;
  title: string;
  action?: ReactNode;
  children: ReactNode;
}) {
  const headingId = `${props.id}-heading`;
  return (
    <Paper
      component="section"
      id={props.id}
      aria-labelledby={headingId}
      variant="outlined"
      sx={{ p: 2, scrollMarginTop: 16 }}
    >
      <Typography
        id={headingId}
        variant="h5"
        component="h2"
        gutterBottom
        sx={{ display: 'flex', alignItems: 'center', gap: 1 }}
      >
        {props.title}
        {props.action && <span style={{ marginLeft: 'auto' }}>{props.action}</span>}
      </Typography>
      {props.children}
    </Paper>
  );
}

/** The muted sentence a section shows when the catalog has nothing for it. */
export function EmptySection({ children }: { children: ReactNode }) {
  return (
    <Typography variant="body2" color="text.secondary">
      {children}
    </Typography>
  );
}
