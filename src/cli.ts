/**
 * The command line: parses flags and hands them to a command. Commands load lazily, so
 * `cf-ws-lint manifest.yml` does not pay for the probe client or the SARIF writer.
 */
import { existsSync } from 'node:fs';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { closestName } from './commands/suggest.js';
import { InputError } from './util/errors.js';
import { escapeText } from './util/escape.js';
import { EXIT_USAGE } from './engine/exit-code.js';
import { VERSION } from './util/version.js';

// For bin/cf-ws-lint.js, which sets up V8's tiering for a short run once the bundle is loaded.
export { beginShortRun } from './util/tiering.js';

const collect = (value: string, previous: string[]): string[] => [...previous, value];

/** ESLint's `--max-warnings`: a count; anything else (`abc`, `1e3`, `-1`) would silently turn the gate off. */
function warningCount(value: string): number {
  if (!/^\d+$/.test(value)) throw new InvalidArgumentError('expected a non-negative integer.');
  return Number(value);
}

function varOptions(command: Command): Command {
  return command
    .option('-o, --ops-file <path>', 'apply a BOSH ops-file first (repeatable, in order)', collect, [])
    .option('-v, --var <name=value>', 'set a variable (repeatable)', collect, [])
    .option('-l, --vars-file <path>', 'load variables from a YAML file (repeatable)', collect, [])
    .option('--var-file <name=path>', "set a variable to a file's contents (repeatable)", collect, [])
    .option('--vars-env <prefix>', 'load variables from environment variables PREFIX_name (repeatable)', collect, [])
    .option('--var-errs', 'fail on variables that are not given');
}

function buildProgram(output: { exitCode: number }, argv: readonly string[]): Command {
  const program = new Command('cf-ws-lint')
    .description('Cross-checks a Cloud Foundry BOSH manifest with its load balancers for WebSocket breakage (Firehose nozzles and the cf CLI v6 on doppler, apps\' WebSocket clients on app domains), and writes a BOSH ops-file that fixes it.')
    .version(VERSION)
    .showHelpAfterError('(run cf-ws-lint --help for usage)')
    .exitOverride();

  const lint = varOptions(
    program
      .command('lint', { isDefault: true })
      .description('lint manifests (the default command)')
      .argument('[manifests...]', 'manifest files, directories or globs; - reads stdin')
      .option('--lb <file>', 'a load-balancer configuration (repeatable; a directory of .tf files counts as one)', collect, [])
      .option('--lb-format <format>', 'read every --lb file as this format instead of detecting it')
      .option('--lb-root <dir>', 'let nginx include read files inside this directory (default: the --lb file\'s own directory)')
      .option('--print-listeners', 'print the listener table of the --lb files and exit')
      .option('--cloud-config <file>', 'the BOSH cloud config (or an ops-file over it; repeatable, in order): links LBs to instance groups', collect, [])
      .option('--lb-host <lb=host>', 'this load balancer serves this host name, where no DNS file says so (repeatable)', collect, [])
      .option('--app-domain <domain>', 'an app domain no manifest shows, made with cf create-domain (repeatable)', collect, [])
      .option('--print-config <file>', 'print the rule settings that apply to this file (JSON) and exit')
      .addOption(new Option('-f, --format <format>', 'output format (repeatable, paired with --output-file)').argParser(collect).default([]))
      .addOption(new Option('--output-file <path>', 'write the preceding --format to this file (repeatable)').argParser(collect).default([]))
      .option('--deployment <name>', 'lint only this deployment of .cf-ws-lint.yml (repeatable)', collect, [])
      .option('--fix', 'write the safe fixes as a BOSH ops-file per deployment')
      .option('--fix-out <path>', 'where --fix writes: a file (default cf-ws-lint-fixes.yml), DIR/ for one file per deployment, or - for stdout (the report then goes to stderr)')
      .option('--force', 'let --fix-out replace an existing file')
      .option('-c, --config <path>', 'use this config file instead of finding .cf-ws-lint.yml')
      .option('--no-config', 'ignore .cf-ws-lint.yml files')
      .option('--quiet', 'report errors only')
      .option('--max-warnings <n>', 'exit 1 when there are more warnings than this', warningCount)
      .option('--color', 'colour the output even when it is not a terminal (also FORCE_COLOR=1)')
      .option('--no-color', 'never colour the output (also NO_COLOR=1)')
      .option('--baseline <file>', 'accept the findings recorded in this baseline file')
      .option('--update-baseline', 'write the current findings to the --baseline file')
      .option('--cache', 'reuse the findings of a deployment none of whose inputs changed since the last --cache run')
      .option('--cache-location <path>', 'the cache file, or a directory for it (default .cf-ws-lint-cache)')
      .option('--stdin-filename <name>', 'the file name to report for - (stdin)')
      .option('--skip-non-manifests', 'skip named files that are not manifests (for the pre-commit hook)'),
  );
  lint.action(async (manifests: string[], opts) => {
    const { runLint } = await import('./commands/lint.js');
    output.exitCode = await runLint(manifests, opts, argv);
  });
  // `cf-ws-lint --help` is mostly asked about linting: show the default command's options too.
  program.addHelpText('after', () => `\nThe default command, lint:\n\n${lint.helpInformation()}`);

  varOptions(
    program
      .command('interpolate')
      .alias('int')
      .description('print a manifest with ops-files and variables applied, as `bosh interpolate` does')
      .argument('<manifest>', 'the manifest (- reads stdin)')
      .option('--path <path>', 'print only the value at this go-patch path')
      .option('--var-errs-unused', 'fail on variables that were given but not used'),
  ).action(async (manifest: string, opts) => {
    const { runInterpolate } = await import('./commands/interpolate.js');
    output.exitCode = await runInterpolate(manifest, opts);
  });

  program
    .command('rules')
    .description('list every rule: id, name, severity, fixable')
    .option('--format <format>', 'table or json', 'table')
    .action(async (opts) => {
      const { runRules } = await import('./commands/rules.js');
      output.exitCode = runRules(opts);
    });

  program
    .command('explain')
    .description("print a rule's documentation")
    .argument('<rule>', 'rule id (CFWS001) or name')
    .action(async (rule: string) => {
      const { runExplain } = await import('./commands/rules.js');
      output.exitCode = runExplain(rule);
    });

  varOptions(
    program
      .command('probe')
      .description('connect to the WebSocket endpoint for real and report each step')
      .argument('[url]', 'wss://doppler.<system_domain>:<port> (derived from --manifest when omitted)')
      .option('--manifest <file>', 'derive the URL from this manifest, as Cloud Controller does')
      .option('--connect <host:port>', 'connect here instead, keeping the URL host for TLS SNI and Host')
      .option('--hold <seconds>', 'check that the connection stays open this long while idle', Number)
      .option('--insecure', 'do not verify the TLS certificate')
      .option('--ca <file>', 'trust this CA bundle')
      .option('--timeout <seconds>', 'give up on a step after this long', Number, 10)
      .option('--token <token>', 'a UAA token for the traffic controller (`cf oauth-token` prints one; also CF_WS_LINT_TOKEN)')
      .option('--app-guid <guid>', "probe the traffic controller's /apps/<guid>/stream")
      .option('--path <path>', 'the request path (/firehose/<subscription-id>, or an app\'s WebSocket path)')
      .option('--header <header>', "an extra request header 'Name: value' (repeatable)", collect, [])
      .option('--app-host <name>', 'with --manifest: also probe wss://<name>.<app domain> for each app domain')
      .option('--app-domain <domain>', 'with --app-host: an app domain no manifest shows (repeatable)', collect, [])
      .option('--format <format>', 'stylish or json', 'stylish'),
  ).action(async (url: string | undefined, opts) => {
    const { runProbeCommand } = await import('./commands/probe-cli.js');
    output.exitCode = await runProbeCommand(url, opts);
  });

  program
    .command('init')
    .description('write a commented .cf-ws-lint.yml from the manifests and load-balancer files found here')
    .option('--force', 'replace an existing .cf-ws-lint.yml')
    .action(async (opts) => {
      const { runInit } = await import('./commands/init.js');
      output.exitCode = runInit(opts);
    });

  program
    .command('completion')
    .description('print a shell completion script (eval "$(cf-ws-lint completion bash)")')
    .argument('<shell>', 'bash or zsh')
    .action(async (shell: string) => {
      const { completionScript } = await import('./commands/completion.js');
      const commands = program.commands
        .filter((command) => command.name() !== 'help')
        .map((command) => ({
          names: [command.name(), ...command.aliases()],
          options: [...command.options.flatMap((option) => [option.long, option.short].filter((flag): flag is string => flag !== undefined)), '--help'],
        }));
      process.stdout.write(completionScript(shell, commands));
    });

  return program;
}

/**
 * A first word that is no command and no file, but close to a command's name, is a
 * mistyped command: the default command would otherwise call it "no such file".
 */
function checkCommandName(program: Command, argv: readonly string[]): void {
  const [word] = argv;
  if (word === undefined || word.startsWith('-') || /[./\\*?[]/.test(word) || existsSync(word)) return;
  const names = program.commands.flatMap((command) => [command.name(), ...command.aliases()]);
  if (names.includes(word)) return;
  const suggestion = closestName(word, names);
  if (suggestion) throw new InputError(`unknown command '${word}' (did you mean '${suggestion}'?)`);
}

/** Runs the CLI; returns the exit code (0 clean, 1 findings, 2 usage or input error). */
export async function main(argv: string[]): Promise<number> {
  const output = { exitCode: 0 };
  const program = buildProgram(output, argv);
  try {
    checkCommandName(program, argv);
    await program.parseAsync(argv, { from: 'user' });
    return output.exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version end through here too, with exit code 0.
      return error.exitCode === 0 ? 0 : EXIT_USAGE;
    }
    if (error instanceof InputError) {
      process.stderr.write(`cf-ws-lint: ${error.render()}\n`);
      return EXIT_USAGE;
    }
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`cf-ws-lint: internal error: ${escapeText(message)}\n`);
    if (process.env.CF_WS_LINT_DEBUG) process.stderr.write(`${(error as Error).stack ?? ''}\n`);
    return EXIT_USAGE;
  }
}
