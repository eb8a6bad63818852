/**
 * A steady stream of pod status changes (forked by run.mjs), as a busy
 * platform has: `rate` writes a second, each one pod of `pods` turned
 * CrashLoopBackOff or back to Ready (alternating per pod) with one merge
 * patch of /status. In a process of its own so that its writes cost the
 * harness's timing nothing. IPC: { access, pods, rate } in; 'stop' ends it
 * and it answers { type: 'stopped', writes, failures, lateMs }.
 */
import { KubeRest } from '../../tools/stack/src/kube.ts';
import { setPodState } from './seed.mjs';

process.once('message', ({ access, pods, rate }) => {
  const rest = new KubeRest(access);
  const crashed = new Set();
  let writes = 0;
  let failures = 0;
  let next = 0;
  let inFlight = 0;
  // Writes that could not be sent on time because the previous ones were still in flight.
  let late = 0;
  const started = performance.now();
  const tick = () => {
    const due = Math.floor(((performance.now() - started) / 1000) * rate);
    while (writes + failures + inFlight < due) {
      if (inFlight >= 4 * rate) {
        late++;
        break;
      }
      const pod = pods[next++ % pods.length];
      const key = `${pod.namespace}/${pod.name}`;
      const state = crashed.has(key) ? 'ready' : 'crashloop';
      if (state === 'crashloop') crashed.add(key);
      else crashed.delete(key);
      inFlight++;
      setPodState(rest, pod, state)
        .then(() => writes++)
        .catch(() => failures++)
        .finally(() => inFlight--);
    }
  };
  const timer = setInterval(tick, 20);
  process.on('message', m => {
    if (m !== 'stop') return;
    clearInterval(timer);
    const seconds = (performance.now() - started) / 1000;
    const finish = () => {
      process.send({ type: 'stopped', writes, failures, late, seconds });
      rest.close();
      setTimeout(() => process.exit(0), 50);
    };
    const wait = () => (inFlight > 0 ? setTimeout(wait, 20) : finish());
    wait();
  });
  process.send({ type: 'started' });
});
process.on('disconnect', () => process.exit(0));
