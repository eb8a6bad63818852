export { RunbooksSection, runbookAnchor } from './RunbooksSection';
export type { StepActions } from './RunbooksSection';
