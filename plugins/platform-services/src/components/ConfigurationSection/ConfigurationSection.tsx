import { Link } from '@backstage/core-components';
import CheckCircleOutlineIcon from '@mui/icons-material/CheckCircleOutline';
import CompareArrowsIcon from '@mui/icons-material/CompareArrows';
import SyncProblemIcon from '@mui/icons-material/SyncProblem';
import Box from '@mui/material/Box';
import Chip from '@mui/material/Chip';
import Stack from '@mui/material/Stack';
import { alpha, Theme } from '@mui/material/styles';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableContainer from '@mui/material/TableContainer';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import TextField from '@mui/material/TextField';
import Tooltip from '@mui/material/Tooltip';
import Typography from '@mui/material/Typography';
import {
  ServiceDetail,
  ServiceEnvironment,
  ServiceParameter,
} from '@platform-services/plugin-platform-services-common';
import { Fragment, useMemo, useState } from 'react';
import { EmptySection, SectionCard } from '../SectionCard';
import { visuallyHidden } from '../visuallyHidden';
import { CopyButton } from './CopyButton';

/**
 * How one declared value compares with the live cluster:
 * `mismatch` carries the value the cluster runs in `live`.
 *
 * @public
 */
export interface DriftMark {
  state: 'match' | 'mismatch' | 'not-found' | 'not-set';
  live?: string;
}

/**
 * Drift of the declared configuration, by parameter name then environment name.
 *
 * @public
 */
export type ConfigurationDrift = Record<string, Record<string, DriftMark>>;

/** @public */
export interface ConfigurationSectionProps {
  service: ServiceDetail;
  /** When given, each cell shows how its value compares with the cluster. */
  drift?: ConfigurationDrift;
}

const mono = { fontFamily: 'monospace', fontSize: '0.85rem' } as const;

const objectTitle: Record<string, string> = {
  helmRelease: 'HelmRelease',
  kustomization: 'Kustomization',
};

/** True when the declared values are not the same in every environment. */
function differs(param: ServiceParameter, envs: ServiceEnvironment[]) {
  return new Set(envs.map(e => param.values[e.name])).size > 1;
}

function matches(
  param: ServiceParameter,
  envs: ServiceEnvironment[],
  query: string,
) {
  if (!query) return true;
  if (param.name.toLocaleLowerCase().includes(query)) return true;
  return envs.some(e =>
    param.values[e.name]?.toLocaleLowerCase().includes(query),
  );
}

const highlight = (color: 'warning' | 'error') => (theme: Theme) => ({
  bgcolor: alpha(
    theme.palette[color].main,
    theme.palette.mode === 'dark' ? 0.18 : 0.1,
  ),
});

function SourceFiles({
  file,
  envs,
}: {
  file: { path: string; url: string };
  envs: ServiceEnvironment[];
}) {
  const overridden = envs.filter(e => e.overrides);
  return (
    <Typography variant="body2" sx={{ mb: 2 }}>
      All values sourced from <Link to={file.url}>{file.path}</Link> (base)
      {overridden.length > 0 && (
        <>
          ; per-environment overrides in{' '}
          {overridden.map((env, i) => (
            <Fragment key={env.name}>
              {i > 0 && ', '}
              <Link to={env.overrides!.url}>{env.overrides!.path}</Link> (
              {env.title})
            </Fragment>
          ))}
        </>
      )}
      .
    </Typography>
  );
}

function DiffersMark() {
  return (
    <Tooltip title="The declared value is not the same in every environment">
      <Chip
        size="small"
        variant="outlined"
        icon={<CompareArrowsIcon color="warning" />}
        label={
          <>
            <span aria-hidden="true">differs</span>
            <Box component="span" sx={visuallyHidden}>
              differs between environments
            </Box>
          </>
        }
      />
    </Tooltip>
  );
}

function LiveMarker({ live }: { live: NonNullable<ServiceParameter['live']> }) {
  const kind = objectTitle[live.object] ?? live.object;
  return (
    <Tooltip
      title={`Bound to ${live.path} of the service's ${kind} in the cluster`}
    >
      <Typography
        variant="caption"
        component="div"
        color="text.secondary"
        sx={{ ...mono, fontSize: '0.75rem', overflowWrap: 'anywhere', mt: 0.5 }}
      >
        live: {live.object}.{live.path}
      </Typography>
    </Tooltip>
  );
}

function DriftNote({ mark }: { mark: DriftMark }) {
  switch (mark.state) {
    case 'match':
      return (
        <Tooltip title="The cluster runs the declared value">
          <CheckCircleOutlineIcon
            color="success"
            fontSize="small"
            titleAccess="matches the live value"
            sx={{ verticalAlign: 'middle', ml: 0.5 }}
          />
        </Tooltip>
      );
    case 'mismatch':
      return (
        <Stack
          direction="row"
          spacing={0.5}
          alignItems="center"
          flexWrap="wrap"
          useFlexGap
          sx={{ mt: 0.5 }}
          data-drift="mismatch"
        >
          <Tooltip title="The cluster runs a different value than the one declared">
            <Chip
              size="small"
              variant="outlined"
              icon={<SyncProblemIcon color="error" />}
              label={
                <>
                  <span aria-hidden="true">drift</span>
                  <Box component="span" sx={visuallyHidden}>
                    the cluster runs a different value
                  </Box>
                </>
              }
            />
          </Tooltip>
          <Typography variant="caption">
            live:{' '}
            <Box component="code" sx={mono}>
              {mark.live ?? 'unknown'}
            </Box>
          </Typography>
        </Stack>
      );
    case 'not-found':
      return (
        <Typography
          variant="caption"
          component="div"
          color="text.secondary"
          sx={{ mt: 0.5 }}
        >
          live object not found
        </Typography>
      );
    case 'not-set':
    default:
      return (
        <Typography
          variant="caption"
          component="div"
          color="text.secondary"
          sx={{ mt: 0.5 }}
        >
          not set in the live object
        </Typography>
      );
  }
}

function ValueCell({
  param,
  env,
  differ,
  mark,
}: {
  param: ServiceParameter;
  env: ServiceEnvironment;
  differ: boolean;
  mark?: DriftMark;
}) {
  const value = param.values[env.name];
  let sx;
  if (mark?.state === 'mismatch') sx = highlight('error');
  else if (differ) sx = highlight('warning');
  return (
    <TableCell sx={sx}>
      {value === undefined ? (
        <Typography
          component="span"
          variant="body2"
          color="text.secondary"
          fontStyle="italic"
        >
          not set
        </Typography>
      ) : (
        <Stack direction="row" spacing={0.5} alignItems="center">
          {value === '' ? (
            <Typography
              component="span"
              variant="body2"
              color="text.secondary"
              fontStyle="italic"
            >
              empty
            </Typography>
          ) : (
            <Box component="code" sx={{ ...mono, overflowWrap: 'anywhere' }}>
              {value}
            </Box>
          )}
          <CopyButton
            text={value}
            label={`Copy ${param.name} value for ${env.title}`}
          />
          {mark?.state === 'match' && <DriftNote mark={mark} />}
        </Stack>
      )}
      {mark && mark.state !== 'match' && <DriftNote mark={mark} />}
    </TableCell>
  );
}

/**
 * The configuration parameters side by side per environment, with the values
 * that differ between environments marked, a filter, copy buttons and,
 * when `drift` is given, how each value compares with the cluster.
 *
 * @public
 */
export function ConfigurationSection({
  service,
  drift,
}: ConfigurationSectionProps) {
  const [filter, setFilter] = useState('');
  const envs = service.environments;
  const parameters = useMemo(
    () => service.configuration?.parameters ?? [],
    [service.configuration],
  );
  const query = filter.trim().toLocaleLowerCase();
  const shown = useMemo(
    () => parameters.filter(p => matches(p, envs, query)),
    [parameters, envs, query],
  );

  if (!service.configuration || parameters.length === 0) {
    return (
      <SectionCard id="configuration" title="Configuration">
        <EmptySection>
          No configuration parameters in the catalog for this service.
        </EmptySection>
      </SectionCard>
    );
  }

  return (
    <SectionCard id="configuration" title="Configuration">
      <SourceFiles file={service.configuration.file} envs={envs} />
      <Stack
        direction="row"
        spacing={2}
        alignItems="center"
        flexWrap="wrap"
        useFlexGap
        sx={{ mb: 1 }}
      >
        <TextField
          size="small"
          type="search"
          label="Filter parameters"
          value={filter}
          onChange={e => setFilter(e.target.value)}
          sx={{ minWidth: 260 }}
        />
        <Typography
          variant="body2"
          color="text.secondary"
          role="status"
          aria-live="polite"
        >
          {shown.length} of {parameters.length} parameters
        </Typography>
      </Stack>
      <TableContainer sx={{ overflowX: 'auto' }}>
        <Table
          size="small"
          aria-label="Configuration parameters by environment"
        >
          <TableHead>
            <TableRow>
              <TableCell component="th" scope="col" sx={{ width: '40%' }}>
                Parameter
              </TableCell>
              {envs.map(env => (
                <TableCell component="th" scope="col" key={env.name}>
                  {env.title}
                </TableCell>
              ))}
            </TableRow>
          </TableHead>
          <TableBody>
            {shown.length === 0 && (
              <TableRow>
                <TableCell colSpan={envs.length + 1}>
                  <Typography variant="body2" color="text.secondary">
                    No parameter matches “{filter.trim()}”.
                  </Typography>
                </TableCell>
              </TableRow>
            )}
            {shown.map(param => {
              const differ = differs(param, envs);
              return (
                <TableRow
                  key={param.name}
                  data-differs={differ ? 'true' : undefined}
                >
                  <TableCell component="th" scope="row">
                    <Stack
                      direction="row"
                      spacing={0.5}
                      alignItems="center"
                      flexWrap="wrap"
                      useFlexGap
                    >
                      <Box
                        component="code"
                        sx={{ ...mono, overflowWrap: 'anywhere' }}
                      >
                        {param.name}
                      </Box>
                      <CopyButton
                        text={param.name}
                        label={`Copy ${param.name}`}
                      />
                      {differ && <DiffersMark />}
                    </Stack>
                    {param.live && <LiveMarker live={param.live} />}
                  </TableCell>
                  {envs.map(env => (
                    <ValueCell
                      key={env.name}
                      param={param}
                      env={env}
                      differ={differ}
                      mark={drift?.[param.name]?.[env.name]}
                    />
                  ))}
                </TableRow>
              );
            })}
          </TableBody>
        </Table>
      </TableContainer>
    </SectionCard>
  );
}
