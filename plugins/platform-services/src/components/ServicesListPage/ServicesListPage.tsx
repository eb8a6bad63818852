import {
  Content,
  EmptyState,
  Link,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useRouteRef } from '@backstage/core-plugin-api';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import Chip from '@mui/material/Chip';
import MenuItem from '@mui/material/MenuItem';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableContainer from '@mui/material/TableContainer';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { ServiceSummary } from '@platform-services/plugin-platform-services-common';
import { useMemo, useState } from 'react';
import { useServices } from '../../hooks/useService';
import { useHealthSummary } from '../../hooks/useLiveHealth';
import { StatusBadge } from '../StatusBadge';

function matches(service: ServiceSummary, query: string): boolean {
  if (!query) return true;
  const q = query.toLowerCase();
  return [
    service.name,
    service.title,
    service.namespace,
    service.layer,
    service.type,
  ].some(v => v.toLowerCase().includes(q));
}

/**
 * Every platform service, with a search box and a filter by layer.
 *
 * @public
 */
export function ServicesListPage() {
  const { value, loading, error } = useServices();
  const health = useHealthSummary();
  const healthOf = useMemo(
    () => new Map((health.value?.services ?? []).map(h => [h.service, h])),
    [health.value],
  );
  const entityLink = useRouteRef(entityRouteRef);
  const [query, setQuery] = useState('');
  const [layer, setLayer] = useState('');
  const services = useMemo(() => value?.services ?? [], [value]);
  const layers = useMemo(
    () => [...new Set(services.map(s => s.layer))].sort(),
    [services],
  );
  const shown = services.filter(
    s => (!layer || s.layer === layer) && matches(s, query),
  );

  if (loading) return <Progress />;
  if (error) return <ResponseErrorPanel error={error} />;
  if (!value?.catalog) {
    return (
      <Content>
        <EmptyState
          missing="data"
          title="No service catalog accepted yet"
          description="The platform-services backend has not accepted a service-catalog.json. Check platformServices.catalog in the backend's configuration and the backend log."
        />
      </Content>
    );
  }
  return (
    <Content>
      <Stack spacing={2}>
        <Stack direction={{ xs: 'column', sm: 'row' }} spacing={2}>
          <TextField
            label="Search services"
            value={query}
            onChange={e => setQuery(e.target.value)}
            size="small"
            sx={{ minWidth: 280 }}
          />
          <TextField
            select
            label="Layer"
            value={layer}
            onChange={e => setLayer(e.target.value)}
            size="small"
            sx={{ minWidth: 220 }}
          >
            <MenuItem value="">All layers</MenuItem>
            {layers.map(l => (
              <MenuItem key={l} value={l}>
                {l}
              </MenuItem>
            ))}
          </TextField>
        </Stack>
        <TableContainer component={Paper}>
          <Table size="small" aria-label="Platform services">
            <TableHead>
              <TableRow>
                <TableCell>Service</TableCell>
                <TableCell>Layer</TableCell>
                <TableCell>Namespace</TableCell>
                <TableCell>Type</TableCell>
                <TableCell>Status</TableCell>
                <TableCell>
                  Health{health.value ? ` (${health.value.environment})` : ''}
                </TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {shown.map(s => (
                <TableRow key={s.name} hover>
                  <TableCell>
                    <Link
                      to={`${entityLink({
                        kind: 'component',
                        namespace: 'default',
                        name: s.name,
                      })}/service`}
                    >
                      {s.title}
                    </Link>
                    <Typography
                      variant="caption"
                      display="block"
                      color="text.secondary"
                    >
                      {s.name}
                    </Typography>
                  </TableCell>
                  <TableCell>{s.layer}</TableCell>
                  <TableCell>
                    <code>{s.namespace}</code>
                  </TableCell>
                  <TableCell>{s.type}</TableCell>
                  <TableCell>
                    <Chip
                      size="small"
                      variant="outlined"
                      label={s.status}
                      color={s.status === 'Enabled' ? 'success' : 'default'}
                    />
                  </TableCell>
                  <TableCell>
                    <StatusBadge
                      status={healthOf.get(s.name)?.status}
                      reason={healthOf.get(s.name)?.summary}
                    />
                  </TableCell>
                </TableRow>
              ))}
              {shown.length === 0 && (
                <TableRow>
                  <TableCell colSpan={5}>
                    No service matches the search.
                  </TableCell>
                </TableRow>
              )}
            </TableBody>
          </Table>
        </TableContainer>
        <Typography variant="caption" color="text.secondary">
          {shown.length} of {services.length} services · catalog commit{' '}
          {value.catalog.commit}
        </Typography>
      </Stack>
    </Content>
  );
}
