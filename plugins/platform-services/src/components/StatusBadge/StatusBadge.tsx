import Chip from '@mui/material/Chip';
import Tooltip from '@mui/material/Tooltip';

/** The statuses a service can have in an environment. */
export type LiveStatus =
  | 'healthy'
  | 'degraded'
  | 'unhealthy'
  | 'suspended'
  | 'disabled'
  | 'unknown';

const colors: Record<
  LiveStatus,
  'success' | 'warning' | 'error' | 'info' | 'default'
> = {
  healthy: 'success',
  degraded: 'warning',
  unhealthy: 'error',
  suspended: 'info',
  disabled: 'default',
  unknown: 'default',
};

/**
 * A live status as a small chip. `unknown` until live state is known; the
 * text is always there, so colour is never the only signal.
 */
export function StatusBadge(props: { status?: LiveStatus; reason?: string }) {
  const status = props.status ?? 'unknown';
  const chip = (
    <Chip
      size="small"
      variant={status === 'unknown' ? 'outlined' : 'filled'}
      color={colors[status]}
      label={status}
      aria-label={`Live status: ${status}${props.reason ? `, ${props.reason}` : ''}`}
    />
  );
  return props.reason ? <Tooltip title={props.reason}>{chip}</Tooltip> : chip;
}
