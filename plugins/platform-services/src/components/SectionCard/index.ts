export { SectionCard, EmptySection } from './SectionCard';
