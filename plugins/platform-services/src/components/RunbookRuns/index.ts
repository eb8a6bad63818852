export { StepRunControls } from './StepRunControls';
export { ActionRunDialog } from './ActionRunDialog';
export {
  RunHistorySection,
  actorName,
  formatDuration,
} from './RunHistorySection';
export {
  RunOutputView,
  ActionPreviewView,
  OutcomeChip,
  ProgressList,
  RunDetails,
} from './RunOutputView';
export { errorMessage } from './errorMessage';
export { useRunbookRuns } from '../../hooks/useRunbookRuns';
export type { RunbookRuns, StepRunState } from '../../hooks/useRunbookRuns';
