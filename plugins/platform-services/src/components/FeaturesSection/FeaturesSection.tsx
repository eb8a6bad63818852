import { MarkdownContent } from '@backstage/core-components';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import { ServiceDetail } from '@platform-services/plugin-platform-services-common';
import { EmptySection, SectionCard } from '../SectionCard';

/** Why the platform runs the service (Markdown). */
export function PurposeSection({ service }: { service: ServiceDetail }) {
  return (
    <SectionCard id="purpose" title="Purpose">
      {service.purpose ? (
        <MarkdownContent content={service.purpose} />
      ) : (
        <EmptySection>The catalog gives no purpose for this service.</EmptySection>
      )}
    </SectionCard>
  );
}

/** The feature table. */
export function FeaturesSection({ service }: { service: ServiceDetail }) {
  return (
    <SectionCard id="features" title="Features">
      {service.features.length === 0 ? (
        <EmptySection>The catalog lists no features for this service.</EmptySection>
      ) : (
        <Table size="small" aria-label="Features">
          <TableHead>
            <TableRow>
              <TableCell sx={{ width: '30%' }}>Feature</TableCell>
              <TableCell>Detail</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {service.features.map(f => (
              <TableRow key={f.name}>
                <TableCell component="th" scope="row" sx={{ fontWeight: 600 }}>
                  {f.name}
                </TableCell>
                <TableCell>
                  <MarkdownContent content={f.detail} />
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </SectionCard>
  );
}
