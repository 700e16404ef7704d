import {Args, Flags} from '@oclif/core'

import {BaseCommand} from '../cli/base-command.js'
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
    // bin/run.js usually runs spawn without oclif (src/cli/fast-spawn.ts); both paths go through src/cli/spawn-agent.ts.
    // Imported here, not at the top: every command's module loads with the command set (see src/commands.ts).
    const {prepareSpawn, runSpawn} = await import('../cli/spawn-agent.js')
    const prepared = await prepareSpawn(args.prompt, flags)
    const {outcome, exitCode} = await runSpawn(prepared, flags, {log: (text) => this.log(text), logToStderr: (text) => this.logToStderr(text)})
    if (exitCode !== undefined) this.exit(exitCode)
    return outcome
  }
}
