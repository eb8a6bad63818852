/*
 * yarn stack up [--scenario NAME] [--dir DIR] [--no-temporal] [--no-controllers]
 * yarn stack down [--dir DIR]
 * yarn stack status [--dir DIR]
 * yarn stack scenario NAME [--dir DIR]
 * yarn stack list-scenarios
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { defaultStackDir } from './layout.ts';
import { listScenarios } from './scenarios.ts';
import { describeSwitch, switchScenario } from './scenarioSwitch.ts';
import { startStack, stackStatus, stopStack } from './stack.ts';

const usage = `usage: yarn stack <command> [options]

  up [--scenario NAME] [--dir DIR] [--no-temporal] [--no-controllers]
                                                     start a stack (default scenario: healthy);
                                                     --no-controllers: no controller-manager,
                                                     scheduler or simulated nodes, every status
                                                     as the scenario's files write it
  down [--dir DIR]                                   stop it
  status [--dir DIR]                                 its processes, ports and addresses
  scenario NAME [--dir DIR]                          switch the running stack to another scenario
  list-scenarios                                     the scenarios of examples/cluster

DIR defaults to ${defaultStackDir}.`;

/* eslint-disable no-console */
const print = (line = '') => console.log(line);
const progress = (line: string) => console.error(`stack: ${line}`);

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

async function main(argv: string[]): Promise<number> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      dir: { type: 'string', default: defaultStackDir },
      scenario: { type: 'string', default: 'healthy' },
      'no-temporal': { type: 'boolean', default: false },
      'no-controllers': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  const [command, ...rest] = positionals;
  // `yarn stack` runs in tools/stack; yarn passes the caller's folder as INIT_CWD.
  const dir = resolve(process.env.INIT_CWD ?? process.cwd(), values.dir);
  if (values.help || !command) {
    print(usage);
    return command || values.help ? 0 : 2;
  }
  switch (command) {
    case 'up': {
      const stack = await startStack({
        dir,
        scenario: values.scenario,
        temporal: !values['no-temporal'],
        controllers: !values['no-controllers'],
        log: progress,
      });
      print(`stack running in ${stack.dir} (scenario ${stack.scenario})`);
      print(`  Kubernetes API   ${stack.kubeApiUrl}`);
      print(`  kubeconfigs      ${stack.adminKubeconfigPath} (admin)`);
      print(`                   ${stack.viewerKubeconfigPath} (read only)`);
      print(`                   ${stack.operatorKubeconfigPath} (read + act)`);
      if (stack.temporalAddress) {
        print(
          `  Temporal         ${stack.temporalAddress} (namespace ${stack.temporalNamespace})`,
        );
      }
      print(`  summary          ${stack.dir}/stack.json`);
      const phases = Object.entries(stack.timings)
        .map(([phase, ms]) => `${phase} ${seconds(ms)}`)
        .join(', ');
      print(`  timings          ${phases}`);
      const dirOption = dir === defaultStackDir ? '' : ` --dir ${dir}`;
      print(`stop it with: yarn stack down${dirOption}`);
      return 0;
    }
    case 'down': {
      const stopped = await stopStack(dir);
      print(
        stopped.length === 0
          ? `no process of a stack runs in ${dir}`
          : `stopped ${stopped.map(p => `${p.name} (${p.pid})`).join(', ')}`,
      );
      return 0;
    }
    case 'status': {
      const status = stackStatus(dir);
      if (!status) {
        print(`no stack in ${dir}`);
        return 1;
      }
      const scenario = status.scenario ?? '(none applied)';
      print(`stack in ${status.dir}, scenario ${scenario}`);
      for (const p of status.processes) {
        const name = p.name.padEnd(10);
        const pid = String(p.pid).padEnd(8);
        print(
          `  ${name} pid ${pid} ${p.alive ? 'alive' : 'dead '}  ${p.logPath}`,
        );
      }
      const ports = Object.entries(status.ports)
        .map(([name, port]) => `${name} ${port}`)
        .join(', ');
      print(`  ports      ${ports}`);
      print(`  Kubernetes ${status.kubeApiUrl}`);
      if (status.temporalAddress) {
        print(`  Temporal   ${status.temporalAddress}`);
      }
      for (const [identity, path] of Object.entries(status.kubeconfigs ?? {})) {
        print(`  kubeconfig ${identity.padEnd(9)} ${path}`);
      }
      return status.processes.every(p => p.alive) ? 0 : 1;
    }
    case 'scenario': {
      const name = rest[0];
      if (!name) {
        print(
          'usage: yarn stack scenario NAME [--dir DIR]  (see yarn stack list-scenarios)',
        );
        return 2;
      }
      print(describeSwitch(await switchScenario(dir, name, progress)));
      return 0;
    }
    case 'list-scenarios': {
      for (const scenario of listScenarios()) {
        print(`${scenario.name}\n  ${scenario.description}`);
      }
      return 0;
    }
    default:
      print(`unknown command "${command}"\n\n${usage}`);
      return 2;
  }
}

main(process.argv.slice(2)).then(
  code => {
    process.exitCode = code;
  },
  error => {
    console.error(`stack: ${(error as Error).message}`);
    process.exitCode = 1;
  },
);
