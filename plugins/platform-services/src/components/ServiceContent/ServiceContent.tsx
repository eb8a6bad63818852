import { Progress, ResponseErrorPanel } from '@backstage/core-components';
import { useEntity } from '@backstage/plugin-catalog-react';
import Alert from '@mui/material/Alert';
import Stack from '@mui/material/Stack';
import { serviceNameOf } from '../../annotations';
import { useService } from '../../hooks/useService';
import { OverviewSection } from '../OverviewSection';

/** The service page of one platform service, by name. */
export function ServiceView({ name }: { name: string }) {
  const { value: service, loading, error } = useService(name);
  if (loading) return <Progress />;
  if (error) return <ResponseErrorPanel error={error} />;
  if (!service) return null;
  return (
    <Stack spacing={2}>
      <OverviewSection service={service} />
    </Stack>
  );
}

/**
 * The "Service" tab of a catalog entity that came from the service catalog.
 *
 * @public
 */
export function EntityServiceContent() {
  const { entity } = useEntity();
  const name = serviceNameOf(entity);
  if (!name) {
    return (
      <Alert severity="info">
        This entity did not come from the platform service catalog.
      </Alert>
    );
  }
  return <ServiceView name={name} />;
}
