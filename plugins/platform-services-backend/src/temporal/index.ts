export { readTemporalConfig } from './config';
export type {
  TemporalServerConfig,
  TemporalNamespaceConfig,
  TemporalTlsConfig,
} from './config';
export { TemporalProbe } from './TemporalProbe';
export { TemporalProbeScheduler } from './TemporalProbeScheduler';
export type {
  TemporalProbeTarget,
  TemporalProbeLogger,
} from './TemporalProbeScheduler';
export { asServiceProbe, probesOf } from './asServiceProbe';
