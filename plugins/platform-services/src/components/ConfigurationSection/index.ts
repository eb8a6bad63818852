export { ConfigurationSection } from './ConfigurationSection';
export type {
  ConfigurationDrift,
  ConfigurationSectionProps,
  DriftMark,
} from './ConfigurationSection';
