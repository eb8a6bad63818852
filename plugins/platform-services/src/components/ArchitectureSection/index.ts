export { ArchitectureSection } from './ArchitectureSection';
