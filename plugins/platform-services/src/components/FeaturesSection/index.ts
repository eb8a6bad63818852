export { FeaturesSection, PurposeSection } from './FeaturesSection';
