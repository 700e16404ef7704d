import {Args, Flags} from '@oclif/core'

import {BaseCommand, exitCodeFor} from '../cli/base-command.js'
import {settingFlagsFor} from '../cli/flags.js'
import type {AgentOutcome} from '../runner/agent-outcome.js'

export default class Spawn extends BaseCommand {
  static runsAgents = true
  static summary = 'Run one Codex agent and print its final message.'
  static description = `Runs \`codex exec\` with the prompt on stdin in the working directory. The final message goes to stdout; what the agent is doing (commands, file edits) goes to stderr. Ctrl-C stops the agent and everything it started.

By default the agent runs with no sandbox and no approvals (--sandbox danger-full-access).`

  static examples = [
    '<%= config.bin %> <%= command.id %> "Add a --verbose flag to src/cli.ts and a test for it"',
    '<%= config.bin %> <%= command.id %> --cd ../api --model gpt-5-codex --timeout 20m "Fix the failing tests"',
    'git diff | <%= config.bin %> <%= command.id %> - --sandbox read-only',
    '<%= config.bin %> <%= command.id %> --prompt-file task.md --json > result.json',
    '<%= config.bin %> <%= command.id %> --resume 01a2134a-6541-7471-9b47-95a9e45290a2 "Now also update the README"',
    '<%= config.bin %> <%= command.id %> --env OPENROUTER_API_KEY=sk-... "Summarise this repository"',
  ]

  static args = {
    prompt: Args.string({description: 'What the agent should do; `-` reads it from stdin.'}),
  }

  static flags = {
    ...settingFlagsFor('spawn'),
    'prompt-file': Flags.file({description: 'Read the prompt from this file.', exists: true}),
    resume: Flags.string({description: 'Continue this Codex thread (a threadId from an earlier run) instead of starting a new one.'}),
    json: Flags.boolean({description: 'Print the structured result as JSON on stdout instead of the final message.'}),
    quiet: Flags.boolean({char: 'q', description: 'No progress on stderr.'}),
  }

  async run(): Promise<AgentOutcome> {
    const {args, flags} = await this.parse(Spawn)
    // Imported here, not at the top: every command's module loads with the command set (see src/commands.ts).
    const [{readPrompt}, {stderrProgress}, {settleAgentRun}, {describeEvent}, {resolveRunOptions}, {describeChanges}, {terminalApprover}] = await Promise.all([
      import('../cli/read-prompt.js'),
      import('../cli/stderr-progress.js'),
      import('../workspaces/settle.js'),
      import('../runner/describe-event.js'),
      import('../runner/run-options.js'),
      import('../workspaces/describe.js'),
      import('../cli/terminal-approver.js'),
    ])
    const {config} = await this.loadSettings(flags)
    const prompt = await readPrompt(args.prompt, flags['prompt-file'])
    const options = resolveRunOptions(config, {prompt, resumeThreadId: flags.resume}, {purpose: 'spawn'})

    const controller = new AbortController()
    const interrupt = () => controller.abort()
    process.once('SIGINT', interrupt)
    process.once('SIGTERM', interrupt)
    const progress = stderrProgress('codex agent', {quiet: flags.quiet || flags.json})
    // With nesting allowed (maxDepth > 1) the agent takes a slot of the tree's budget (src/runner/nesting/budget.ts).
    const {processTree} = await import('../runner/nesting/current.js')
    const budget = processTree(config, process.cwd()).budget
    const release = await budget?.acquire(controller.signal)
    const outcome = await settleAgentRun(options, {
      signal: controller.signal,
      onApproval: terminalApprover((ask) => progress.pause(ask)),
      onEvent(event) {
        const text = describeEvent(event)
        if (text) progress.update(text)
      },
    }).finally(() => {
      release?.()
      budget?.dispose()
    })
    process.off('SIGINT', interrupt)
    process.off('SIGTERM', interrupt)
    progress.stop(outcome.status === 'succeeded' ? 'done' : outcome.status)

    if (flags.json) this.log(JSON.stringify(outcome, null, 2))
    else if (outcome.status === 'succeeded') this.log(outcome.output)
    const changes = describeChanges(outcome, 'cli')
    if (changes && !flags.json && !flags.quiet) this.logToStderr(changes)
    if (outcome.error) {
      if (!flags.json) {
        this.logToStderr(`Error: ${outcome.error.message}`)
        if (outcome.error.fix) this.logToStderr(`Fix: ${outcome.error.fix}`)
      }
      this.exit(exitCodeFor(outcome.error.kind))
    }
    return outcome
  }
}
