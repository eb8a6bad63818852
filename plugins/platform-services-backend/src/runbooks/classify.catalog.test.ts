/**
 * Every step of every runbook of the example catalog, each classified for
 * its own service.
 */
import { exampleCatalog, exampleContext } from './__fixtures__/exampleCatalog';
import { classifyRunbook, ClassifiedStep, StepClass } from './classifyStep';
import { parseRunbookScript } from '@platform-services/plugin-platform-services-common';

const classified: Array<ClassifiedStep & { service: string; runbook: string }> =
  exampleCatalog.services.flatMap(service =>
    (service.runbooks ?? []).flatMap(runbook =>
      classifyRunbook(
        parseRunbookScript(runbook.script),
        exampleContext(service.name),
      ).map(step => ({
        ...step,
        service: service.name,
        runbook: runbook.title,
      })),
    ),
  );

function countBy(steps: ClassifiedStep[]): Record<StepClass, number> {
  const counts = { diagnostic: 0, action: 0, manual: 0, refused: 0 };
  for (const step of steps) counts[step.plan.class]++;
  return counts;
}

describe('the example catalog’s runbooks', () => {
  it('give every step a class and a reason, and no step fails to classify', () => {
    expect(classified.length).toBeGreaterThan(150);
    for (const step of classified) {
      expect(step.plan.reason).toMatch(/^[A-Z`].{10,}\.$/s);
      expect(step.plan.reason).not.toContain('could not be classified');
    }
  });

  it('classify as recorded here (a change in the classifier shows up in this count)', () => {
    expect(countBy(classified)).toEqual({
      diagnostic: 95,
      action: 21,
      manual: 38,
      refused: 35,
    });
  });

  it('give an operation and its grants to every diagnostic and action', () => {
    const planned = classified
      .map(s => s.plan)
      .filter(p => p.class === 'diagnostic' || p.class === 'action');
    expect(planned.length).toBe(116);
    expect(
      planned.filter(p => !('operation' in p) || p.scope.length === 0),
    ).toEqual([]);
  });

  it('refuse every step that decodes or prints a Secret’s data', () => {
    const secretSteps = classified.filter(s =>
      /get secret .*\.data|base64 -d/.test(s.command),
    );
    expect(secretSteps.length).toBeGreaterThanOrEqual(8);
    for (const step of secretSteps) {
      expect([step.command, step.plan.class]).toEqual([
        step.command,
        'refused',
      ]);
      expect(step.plan.reason).toContain("the Secret's data");
    }
  });

  it('refuse the actions a runbook takes on what another service owns', () => {
    const crossing = classified
      .filter(
        s =>
          s.plan.class === 'refused' &&
          s.plan.reason.includes('actions may change only'),
      )
      .map(s => `${s.service}: ${s.command}`);
    expect(crossing).toEqual([
      'flux: flux reconcile kustomization postgresql-cluster -n flux-system --with-source',
      'external-secrets: flux reconcile kustomization external-secrets-config -n flux-system',
      'reloader: kubectl rollout restart deployment/temporal-server-frontend -n temporal',
    ]);
  });
});
