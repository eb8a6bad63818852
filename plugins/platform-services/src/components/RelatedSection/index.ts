export { RelatedSection, CatalogFooter } from './RelatedSection';
