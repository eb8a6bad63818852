import type {
  TemporalBacklogApi,
  TemporalCountApi,
} from '@platform-services/plugin-platform-services-common';

function versionAtLeast(
  version: string,
  major: number,
  minor: number,
): boolean {
  const match = /^v?(\d+)\.(\d+)/.exec(version.trim());
  if (!match) return false;
  const [have, haveMinor] = [Number(match[1]), Number(match[2])];
  return have > major || (have === major && haveMinor >= minor);
}

/**
 * How task queue backlogs can be read from a server version. DescribeTaskQueue
 * reports `stats` in its default mode from 1.28.0; the deprecated enhanced mode
 * reports them from 1.25.0. An unknown version gets the default mode: a
 * server that cannot answer simply leaves `stats` out.
 */
export function backlogApiFor(version: string | undefined): TemporalBacklogApi {
  if (version === undefined || !/^v?\d+\.\d+/.test(version.trim())) {
    return 'task-queue-stats';
  }
  if (versionAtLeast(version, 1, 28)) return 'task-queue-stats';
  if (versionAtLeast(version, 1, 25)) return 'enhanced';
  return 'unsupported';
}

/**
 * Whether workflows can be counted with one `GROUP BY ExecutionStatus` query
 * (capability `countGroupByExecutionStatus`, server 1.22 and later). Without
 * system info, try it.
 */
export function countApiFor(
  capabilities: Record<string, boolean> | undefined,
): TemporalCountApi {
  return capabilities && !capabilities.countGroupByExecutionStatus
    ? 'per-status'
    : 'group-by';
}
