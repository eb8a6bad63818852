/**
 * A subscriber of the plugin's server-sent events (`GET /events`), as a page
 * would be: every `health-changed` event is kept with the (epoch ms) time it
 * arrived (`receivedAt`), and waiters are woken when one names their service.
 */
import http from 'node:http';

const now = () => performance.timeOrigin + performance.now();

export function subscribe(url) {
  const events = [];
  const waiters = new Set();
  let request;
  const connected = new Promise((resolve, reject) => {
    request = http.get(
      url,
      { headers: { Accept: 'text/event-stream' } },
      res => {
        if (res.statusCode !== 200) {
          reject(new Error(`GET ${url}: HTTP ${res.statusCode}`));
          res.resume();
          return;
        }
        res.setEncoding('utf8');
        let buffer = '';
        res.on('data', chunk => {
          const at = now();
          buffer += chunk;
          let end;
          while ((end = buffer.indexOf('\n\n')) >= 0) {
            const block = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            if (block.startsWith(': connected')) resolve();
            const type = /^event: (.*)$/m.exec(block)?.[1];
            const data = /^data: (.*)$/m.exec(block)?.[1];
            if (type !== 'health-changed' || !data) continue;
            const event = { ...JSON.parse(data), receivedAt: at };
            events.push(event);
            for (const w of waiters) w(event);
          }
        });
      },
    );
    request.on('error', reject);
  });

  return {
    connected,
    events,
    /** Resolves with the first event after `since` naming `service`, or undefined after `timeoutMs`. */
    waitFor(service, since, timeoutMs) {
      const seen = events.find(
        e => e.receivedAt >= since && e.services.includes(service),
      );
      if (seen) return Promise.resolve(seen);
      return new Promise(resolve => {
        const waiter = event => {
          if (event.receivedAt >= since && event.services.includes(service))
            finish(event);
        };
        const timer = setTimeout(() => finish(undefined), timeoutMs);
        const finish = event => {
          clearTimeout(timer);
          waiters.delete(waiter);
          resolve(event);
        };
        waiters.add(waiter);
      });
    },
    close() {
      request?.destroy();
    },
  };
}
