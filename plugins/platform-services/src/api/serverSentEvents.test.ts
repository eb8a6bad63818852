import { readServerSentEvents } from './serverSentEvents';

function streamOf(chunks: string[]) {
  const encoder = new TextEncoder();
  return new ReadableStream<Uint8Array>({
    start(controller) {
      for (const c of chunks) controller.enqueue(encoder.encode(c));
      controller.close();
    },
  });
}

describe('readServerSentEvents', () => {
  it('reads events split across chunks, skipping comments and keep-alives', async () => {
    const events = [];
    for await (const e of readServerSentEvents(
      streamOf([': connected\n\n', 'event: health-changed\nda', 'ta: {"a":1}\n\n', ': ping\n\n', 'id: 7\ndata: x\ndata: y\n\n']),
    )) {
      events.push(e);
    }
    expect(events).toEqual([
      { event: 'health-changed', data: '{"a":1}' },
      { event: 'message', data: 'x\ny', id: '7' },
    ]);
  });
});
