import { parseRunbookScript } from './parseScript';

describe('parseRunbookScript', () => {
  it('gives one step per command with the comments written above it', () => {
    const script = [
      "kubectl get helmrelease temporal-server -n flux-system -o jsonpath='{.status.conditions[*].message}'",
      '# If schema is corrupted, manually mark version and retry:',
      'flux suspend helmrelease temporal-server -n flux-system',
      'kubectl delete jobs -n temporal -l app.kubernetes.io/component=schema',
      'flux resume helmrelease temporal-server -n flux-system',
    ].join('\n');
    const { steps, trailingComments } = parseRunbookScript(script);
    expect(
      steps.map(s => [
        s.index,
        s.line,
        s.command.split(' ').slice(0, 2).join(' '),
        s.comments,
      ]),
    ).toEqual([
      [0, 1, 'kubectl get', []],
      [
        1,
        3,
        'flux suspend',
        ['If schema is corrupted, manually mark version and retry:'],
      ],
      [2, 4, 'kubectl delete', []],
      [3, 5, 'flux resume', []],
    ]);
    expect(trailingComments).toEqual([]);
  });

  it('keeps commands exactly as written, quotes, pipes, $(...) and & included', () => {
    const line =
      "kubectl logs job/$(kubectl get jobs -n temporal -l app.kubernetes.io/component=schema -o jsonpath='{.items[-1].metadata.name}') -n temporal | grep -i 'error' &";
    expect(parseRunbookScript(line).steps[0].command).toBe(line);
  });

  it('joins continuation lines and collects several comment lines', () => {
    const { steps } = parseRunbookScript(
      '# first\n#second\n\nkubectl get pods \\\n  -n temporal\n\n# trailing note\n',
    );
    expect(steps).toEqual([
      {
        index: 0,
        command: 'kubectl get pods -n temporal',
        line: 4,
        comments: ['first', 'second'],
      },
    ]);
    expect(
      parseRunbookScript('kubectl get pods\n# trailing note').trailingComments,
    ).toEqual(['trailing note']);
  });

  it('handles Windows line endings and an empty script', () => {
    expect(
      parseRunbookScript('a\r\n# c\r\nb').steps.map(s => s.command),
    ).toEqual(['a', 'b']);
    expect(parseRunbookScript('')).toEqual({ steps: [], trailingComments: [] });
  });
});
