import { Link } from '@backstage/core-components';
import { useRouteRef } from '@backstage/core-plugin-api';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import Grid from '@mui/material/Grid';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Tooltip from '@mui/material/Tooltip';
import Typography from '@mui/material/Typography';
import { ServiceDetail } from '@platform-services/plugin-platform-services-common';
import { EmptySection, SectionCard } from '../SectionCard';
import { LiveStatus, StatusBadge } from '../StatusBadge';

/** Live statuses of other services by name, when known. */
export type DependencyStatuses = Record<
  string,
  { status: LiveStatus; reason?: string } | undefined
>;

function useServiceLink() {
  const entityLink = useRouteRef(entityRouteRef);
  return (name: string) =>
    `${entityLink({ kind: 'component', namespace: 'default', name })}/service`;
}

/**
 * Other services with the reason of the dependency and their live status;
 * a name that is not `known` is shown without a link.
 */
function DependencyTable(props: {
  label: string;
  dependencies: Array<{ service: string; reason: string; known?: boolean }>;
  statuses: DependencyStatuses;
}) {
  const { label, dependencies, statuses } = props;
  const serviceLink = useServiceLink();
  return (
    <Table size="small" aria-label={label}>
      <TableHead>
        <TableRow>
          <TableCell>Service</TableCell>
          <TableCell>Reason</TableCell>
          <TableCell>Status</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {dependencies.map(dep => (
          <TableRow key={dep.service}>
            <TableCell>
              {dep.known === false ? (
                <Tooltip title="No service with this name is in the catalog">
                  <code>{dep.service} (unknown)</code>
                </Tooltip>
              ) : (
                <Link to={serviceLink(dep.service)}>
                  <code>{dep.service}</code>
                </Link>
              )}
            </TableCell>
            <TableCell>{dep.reason}</TableCell>
            <TableCell>
              <StatusBadge
                status={statuses[dep.service]?.status}
                reason={statuses[dep.service]?.reason}
              />
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

/**
 * Upstream dependencies (what must be ready before this service starts), with
 * their live status, and downstream services (derived).
 */
export function DependenciesSection(props: {
  service: ServiceDetail;
  statuses?: DependencyStatuses;
}) {
  const { service, statuses = {} } = props;
  return (
    <SectionCard id="dependencies" title="Dependencies">
      <Grid container spacing={3}>
        <Grid item xs={12} md={7}>
          <Typography variant="h6" component="h3" gutterBottom>
            Upstream — required before {service.title} starts
          </Typography>
          {service.dependsOn.length === 0 ? (
            <EmptySection>{service.title} depends on no other service.</EmptySection>
          ) : (
            <DependencyTable
              label="Upstream dependencies"
              dependencies={service.dependsOn}
              statuses={statuses}
            />
          )}
        </Grid>
        <Grid item xs={12} md={5}>
          <Typography variant="h6" component="h3" gutterBottom>
            Downstream — services that depend on {service.title}
          </Typography>
          {service.downstream.length === 0 ? (
            <EmptySection>No known downstream Flux dependencies.</EmptySection>
          ) : (
            <DependencyTable
              label="Downstream services"
              dependencies={service.downstream}
              statuses={statuses}
            />
          )}
        </Grid>
      </Grid>
    </SectionCard>
  );
}
