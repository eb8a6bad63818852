import { Link, MarkdownContent } from '@backstage/core-components';
import Box from '@mui/material/Box';
import Chip from '@mui/material/Chip';
import Stack from '@mui/material/Stack';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableRow from '@mui/material/TableRow';
import { ServiceDetail } from '@platform-services/plugin-platform-services-common';
import { SectionCard } from '../SectionCard';

/** The opening of the page: description, links and the properties table. */
export function OverviewSection({ service }: { service: ServiceDetail }) {
  const rows: Array<[string, React.ReactNode]> = [
    ['Namespace', <code key="ns">{service.namespace}</code>],
    [
      'Type',
      service.chart
        ? `${service.type} (chart: ${service.chart.name} v${service.chart.version})`
        : service.type,
    ],
    ['Layer', service.layer],
    ...(service.chart
      ? ([
          [
            'Chart',
            `${service.chart.name} v${service.chart.version} (${service.chart.repository})`,
          ],
        ] as Array<[string, React.ReactNode]>)
      : []),
    [
      'Status',
      <Chip
        key="status"
        size="small"
        label={service.status}
        color={service.status === 'Enabled' ? 'success' : 'default'}
        variant="outlined"
      />,
    ],
    [
      'Source',
      <Link key="src" to={service.source.url}>
        {service.source.path}
      </Link>,
    ],
  ];
  return (
    <SectionCard id="overview" title="Overview">
      <MarkdownContent content={service.description} />
      {service.links.length > 0 && (
        <Stack direction="row" spacing={1} sx={{ my: 1 }}>
          {service.links.map(link => (
            <Link key={link.url} to={link.url}>
              {link.title}
            </Link>
          ))}
        </Stack>
      )}
      <Box sx={{ mt: 2 }}>
        <Table size="small" aria-label="Properties">
          <TableBody>
            {rows.map(([label, value]) => (
              <TableRow key={label}>
                <TableCell component="th" scope="row" sx={{ width: 160 }}>
                  {label}
                </TableCell>
                <TableCell>{value}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </Box>
    </SectionCard>
  );
}
