import { namespaceWebUiUrl, workflowWebUiUrl } from './webUiLinks';

describe('Web UI links', () => {
  it('links a workflow execution', () => {
    expect(
      workflowWebUiUrl(
        'https://temporal.example.com',
        'default',
        'order-42',
        'run-1',
      ),
    ).toBe(
      'https://temporal.example.com/namespaces/default/workflows/order-42/run-1',
    );
  });

  it('drops trailing slashes and encodes path segments', () => {
    expect(
      workflowWebUiUrl(
        'https://t.example.com/ui/',
        'team a',
        'order/42?x',
        'r#1',
      ),
    ).toBe(
      'https://t.example.com/ui/namespaces/team%20a/workflows/order%2F42%3Fx/r%231',
    );
  });

  it('links a namespace', () => {
    expect(namespaceWebUiUrl('http://localhost:8233', 'default')).toBe(
      'http://localhost:8233/namespaces/default/workflows',
    );
  });
});
