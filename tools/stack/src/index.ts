/**
 * The local stack of platform-services: a real kube-apiserver (with etcd) and a Temporal dev server,
 * loaded with the example cluster scenarios, for the demo (`yarn stack`) and integration tests.
 *
 * @packageDocumentation
 */
export {
  startStack,
  stopStack,
  stackStatus,
  type ProcessStatus,
  type Stack,
  type StackStatus,
  type StartStackOptions,
} from './stack.ts';
export { switchScenario, type ScenarioSwitch } from './scenarioSwitch.ts';
export { listScenarios } from './scenarios.ts';
export { demoNamespace, demoTaskQueue, retentionDays } from './temporalDemo.ts';
export { identityNamespace, serviceAccounts } from './identities.ts';
export { fieldManager } from './kube.ts';
