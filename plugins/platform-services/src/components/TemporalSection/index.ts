export { TemporalSection, formatSeconds } from './TemporalSection';
export { ProbeSection } from './ProbeSection';
export type { ProbePart, ProbeResultBase } from './ProbeSection';
