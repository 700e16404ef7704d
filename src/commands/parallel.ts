import {Args, Flags} from '@oclif/core'

import {BaseCommand} from '../cli/base-command.js'
import {settingFlagsFor} from '../cli/flags.js'
import {defaults} from '../config/schema.js'
import type {ParallelEntry} from '../parallel/run-parallel.js'

export default class Parallel extends BaseCommand {
  static runsAgents = true
  static summary = 'Run many Codex agents from a tasks file, with live progress and a summary.'
  static description = `The tasks file is a JSON array of tasks, an object {"defaults": {...}, "tasks": [...]}, or JSON Lines (one task per line); - reads it from stdin. A task is {"prompt", "name"?, "cwd"?, "model"?, "profile"?, "sandbox"?, "reasoningEffort"?, "timeoutMs"?}. The flags are defaults: the file's "defaults" override them and a task's own fields override both. A relative cwd is relative to --cd (or the current directory). An invalid file runs nothing and exits 2.

Progress goes to stderr (live rows on a terminal, one plain line per change otherwise); the summary table, or --json, goes to stdout. Exit code: 0 all succeeded, 1 any failed, 2 invalid input, 130 interrupted. Ctrl-C (or SIGTERM) stops every agent and everything it started, cancels the queued ones and prints what finished.

By default agents run with no sandbox and no approvals (--sandbox danger-full-access).`

  static examples = [
    '<%= config.bin %> <%= command.id %> tasks.json',
    '<%= config.bin %> <%= command.id %> tasks.json --concurrency 8 --timeout 20m --output-dir results/',
    '<%= config.bin %> <%= command.id %> tasks.jsonl --fail-fast --model gpt-5-codex',
    'jq -c \'.[]\' tasks.json | <%= config.bin %> <%= command.id %> - --json > results.json',
  ]

  static args = {
    file: Args.string({description: 'Tasks file (JSON array, {"defaults", "tasks"} object, or JSON Lines); - reads stdin.', required: true}),
  }

  static flags = {
    ...settingFlagsFor('parallel'),
    'fail-fast': Flags.boolean({description: 'At the first failure, kill the running agents and cancel the queued ones.'}),
    'output-dir': Flags.string({char: 'o', description: 'Write each task\'s final message to <dir>/<n>-<name>.md and all results to <dir>/results.json.'}),
    json: Flags.boolean({description: 'Print the results as a JSON array on stdout instead of the summary table (progress stays on stderr).'}),
    quiet: Flags.boolean({char: 'q', description: 'No progress on stderr.'}),
  }

  async run(): Promise<ParallelEntry[]> {
    const {args, flags} = await this.parse(Parallel)
    // Imported here, not at the top: every command's module loads with the command set (see src/commands.ts).
    const [{batchExitCode, runTasks}, {formatFailures, formatSummary, prepareOutputDir, totalLine, writeOutputDir}, {agentsForTasks, readTasksFile}, {overlapsOf}, {describeChanges, describeOverlaps}] = await Promise.all([
      import('../parallel/run-tasks.js'),
      import('../parallel/summary.js'),
      import('../parallel/tasks-file.js'),
      import('../jobs/summary.js'),
      import('../workspaces/describe.js'),
    ])
    const [{Limiter}, {processTree}] = await Promise.all([import('../parallel/limiter.js'), import('../runner/nesting/current.js')])
    const {config} = await this.loadSettings(flags)
    const agents = agentsForTasks(await readTasksFile(args.file), config, {purpose: 'parallel'})
    if (flags['output-dir']) await prepareOutputDir(flags['output-dir'])

    const controller = new AbortController()
    const interrupt = () => {
      // A second Ctrl-C does not wait: exiting kills what is left (the runner's exit hook).
      if (controller.signal.aborted) process.exit(130)
      controller.abort()
    }
    process.on('SIGINT', interrupt)
    process.on('SIGTERM', interrupt)
    const budget = processTree(config, process.cwd()).budget
    const {entries, wallMs} = await runTasks(agents, {
      // With nesting allowed (maxDepth > 1) every agent also takes a slot of the tree's budget.
      concurrency: new Limiter(config.maxConcurrency ?? defaults.maxConcurrency, budget),
      failFast: flags['fail-fast'],
      signal: controller.signal,
      progress: flags.quiet ? 'none' : process.stderr.isTTY ? 'tty' : 'plain',
    }).finally(() => {
      budget?.dispose()
      process.off('SIGINT', interrupt)
      process.off('SIGTERM', interrupt)
    })

    const labels = agents.map((agent) => agent.label)
    const interrupted = controller.signal.aborted
    if (flags.json) {
      this.log(JSON.stringify(entries, null, 2))
      if (!flags.quiet) this.logToStderr(totalLine(entries, {wallMs, interrupted}))
    } else {
      this.log(formatSummary(entries, labels, {wallMs, width: process.stdout.columns, interrupted}))
      const failures = process.stdout.isTTY ? formatFailures(entries, labels) : ''
      if (failures) this.log(`\n${failures}`)
    }
    const overlaps = describeOverlaps(overlapsOf(entries.map((entry) => ({key: entry.index, outcome: entry}))), (index) => `#${index + 1} ${labels[index]}`)
    const changes = entries.flatMap((entry) => {
      const text = describeChanges(entry, 'cli')
      return text ? [`#${entry.index + 1} ${labels[entry.index]}: ${text}`] : []
    })
    const notes = [...changes, ...(overlaps ? [overlaps] : [])].join('\n')
    if (notes && flags.json && !flags.quiet) this.logToStderr(notes)
    else if (notes && !flags.json) this.log(`\n${notes}`)
    if (flags['output-dir']) await writeOutputDir(flags['output-dir'], entries, labels)

    const code = batchExitCode(entries, interrupted)
    if (code !== 0) this.exit(code)
    return entries
  }
}
