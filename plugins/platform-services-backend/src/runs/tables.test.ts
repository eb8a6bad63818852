import { ResourceType } from '@platform-services/plugin-platform-services-common';
import { loadScenario } from '../health/__fixtures__/loadScenario';
import { SCENARIO_TIME } from './__fixtures__/fakeKubeApi';
import { humanDuration, objectName, objectTable } from './tables';

const type = (kind: string, group: string, plural: string): ResourceType => ({
  kind,
  group,
  version: 'v1',
  plural,
  namespaced: true,
});

const options = {
  wide: false,
  showLabels: false,
  labelColumns: [],
  now: SCENARIO_TIME,
};

function objects(scenario: string, kind: string, namespace = 'temporal') {
  return loadScenario(scenario)
    .objects.filter(o => o.kind === kind && o.metadata.namespace === namespace)
    .map(o => ({
      ...o,
      metadata: { creationTimestamp: '2026-11-18T08:30:00Z', ...o.metadata },
    }));
}

describe('kubectl tables', () => {
  it('writes ages as kubectl does', () => {
    const s = 1000;
    expect(
      [
        59 * s,
        119 * s,
        125 * s,
        600 * s,
        179 * 60 * s,
        3 * 3600 * s + 7 * 60 * s,
        30 * 3600 * s,
        3 * 86400 * s + 3600 * s,
        300 * 86400 * s,
        800 * 86400 * s,
      ].map(humanDuration),
    ).toEqual([
      '59s',
      '119s',
      '2m5s',
      '10m',
      '179m',
      '3h7m',
      '30h',
      '3d1h',
      '300d',
      '2y70d',
    ]);
  });

  it('shows pods with READY, STATUS, RESTARTS and AGE, and wide with IP and NODE', () => {
    const pods = objects('history-oomkilled', 'Pod').filter(p =>
      p.metadata.name.startsWith('temporal-server-history'),
    );
    const table = objectTable(type('Pod', '', 'pods'), pods, options);
    expect(table.columns).toEqual([
      'NAME',
      'READY',
      'STATUS',
      'RESTARTS',
      'AGE',
    ]);
    expect(table.rows.map(r => r[2])).toContain('CrashLoopBackOff');
    expect(table.rows[0][3]).toBe('5 (8m2s ago)');
    const wide = objectTable(type('Pod', '', 'pods'), pods, {
      ...options,
      wide: true,
    });
    expect(wide.columns).toEqual([
      'NAME',
      'READY',
      'STATUS',
      'RESTARTS',
      'AGE',
      'IP',
      'NODE',
      'NOMINATED NODE',
      'READINESS GATES',
    ]);
    expect(wide.rows[0][6]).toBe('colima');
  });

  it('shows Jobs with their status and completions', () => {
    const jobs = objects('schema-migration-failed', 'Job');
    const table = objectTable(type('Job', 'batch', 'jobs'), jobs, options);
    expect(table.columns).toEqual([
      'NAME',
      'STATUS',
      'COMPLETIONS',
      'DURATION',
      'AGE',
    ]);
    expect(
      table.rows.find(r => r[0] === 'temporal-server-schema-4')?.slice(1, 3),
    ).toEqual(['Failed', '0/1']);
  });

  it('shows Secrets as NAME TYPE DATA AGE, from key sizes only', () => {
    const table = objectTable(
      type('Secret', '', 'secrets'),
      [
        {
          metadata: { name: 's', creationTimestamp: '2026-11-20T09:00:00Z' },
          type: 'Opaque',
          dataBytes: { a: 3, b: 4 },
        },
      ],
      options,
    );
    expect(table).toEqual({
      columns: ['NAME', 'TYPE', 'DATA', 'AGE'],
      rows: [['s', 'Opaque', '2', '60m']],
    });
  });

  it('shows Ready and its message for Flux objects, labels on request', () => {
    const hr = loadScenario('schema-migration-failed').objects.filter(
      o => o.kind === 'HelmRelease' && o.metadata.name === 'temporal-server',
    );
    const table = objectTable(
      {
        ...type('HelmRelease', 'helm.toolkit.fluxcd.io', 'helmreleases'),
        version: 'v2',
      },
      hr,
      {
        ...options,
        showLabels: true,
        labelColumns: ['app.kubernetes.io/part-of'],
      },
    );
    expect(table.columns).toEqual([
      'NAME',
      'AGE',
      'READY',
      'STATUS',
      'PART-OF',
      'LABELS',
    ]);
    expect(table.rows[0][2]).toBe('False');
  });

  it('names objects like -o name', () => {
    expect(
      objectName(type('Job', 'batch', 'jobs'), { metadata: { name: 'x' } }),
    ).toBe('job.batch/x');
    expect(
      objectName(type('Pod', '', 'pods'), { metadata: { name: 'x' } }),
    ).toBe('pod/x');
  });
});
