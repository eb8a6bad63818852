import { Link } from '@backstage/core-components';
import List from '@mui/material/List';
import ListItem from '@mui/material/ListItem';
import Typography from '@mui/material/Typography';
import { ServiceDetail } from '@platform-services/plugin-platform-services-common';
import { EmptySection, SectionCard } from '../SectionCard';

/** Related files and folders in the GitOps repository. */
export function RelatedSection({ service }: { service: ServiceDetail }) {
  return (
    <SectionCard id="related" title="Related">
      {service.related.length === 0 ? (
        <EmptySection>No related paths in the catalog.</EmptySection>
      ) : (
        <List dense disablePadding>
          {service.related.map(r => (
            <ListItem key={r.path} disableGutters>
              <Typography variant="body2">
                <Link to={r.url}>
                  <code>{r.path}</code>
                </Link>{' '}
                — {r.description}
              </Typography>
            </ListItem>
          ))}
        </List>
      )}
    </SectionCard>
  );
}

/** Where the page's data came from. */
export function CatalogFooter({ service }: { service: ServiceDetail }) {
  const { commit, catalogSha, generatedAt, repository } = service.catalog;
  return (
    <Typography
      component="footer"
      variant="caption"
      color="text.secondary"
      sx={{ display: 'block', textAlign: 'center', py: 1 }}
    >
      Generated from service-catalog.json at commit{' '}
      <Link to={`${repository.replace(/\.git$/, '')}/commit/${commit}`}>
        <code>{commit}</code>
      </Link>
      {catalogSha && (
        <>
          {' '}
          · catalog sha <code>{catalogSha}</code>
        </>
      )}{' '}
      · generated{' '}
      <time dateTime={generatedAt} title={generatedAt}>
        {new Date(generatedAt).toLocaleString()}
      </time>
    </Typography>
  );
}
