/*
 * Workflows of the demo worker (task queue `platform-demo`). They only give the Temporal side of the
 * local stack realistic executions: long-running, completed and failed ones. This file is bundled by
 * the worker with webpack, so it may import @temporalio/workflow and nothing else.
 */
import { ApplicationFailure, sleep } from '@temporalio/workflow';

/** Processes an order: waits for `workMs`, then completes. */
export async function orderWorkflow(
  orderId: string,
  workMs: number,
): Promise<string> {
  await sleep(workMs);
  return `order ${orderId} processed`;
}

/** A subscription that renews after `periodMs` (days), so it stays Running. */
export async function subscriptionWorkflow(
  customerId: string,
  periodMs: number,
): Promise<string> {
  await sleep(periodMs);
  return `subscription of ${customerId} renewed`;
}

/** A payment that is always declined: the execution ends Failed (not retried). */
export async function paymentWorkflow(paymentId: string): Promise<never> {
  throw ApplicationFailure.nonRetryable(
    `payment ${paymentId} declined by the demo card processor`,
    'PaymentDeclined',
  );
}
