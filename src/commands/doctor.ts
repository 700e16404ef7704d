import {Flags} from '@oclif/core'

import {BaseCommand} from '../cli/base-command.js'
import {settingsFlags} from '../cli/flags.js'
import type {DoctorReport} from '../doctor/types.js'

export default class Doctor extends BaseCommand {
  static summary = 'Check that Codex agents can run from here, and say how to fix what stops them.'
  static description = `One line per check — ✓ pass, ! warning, ✗ fail, i info — each warning and failure with its fix: the Codex binary the runner would use and its version, Codex's config.toml (syntax, active profile and model provider), the provider's credential in the environment codex-mcp gives Codex (values are never printed), the codex-mcp config, the working directory, the tool deadline and environment Codex gives codex-mcp when it is registered there, Codex's own MCP servers, and Codex's own \`codex doctor\` when it has one.

--live also runs one tiny real agent (read-only sandbox, 60 s timeout). Exits 0 when nothing failed, 1 otherwise.`

  static examples = [
    '<%= config.bin %> <%= command.id %>',
    '<%= config.bin %> <%= command.id %> --live',
    '<%= config.bin %> <%= command.id %> --env OPENROUTER_API_KEY=sk-... --profile openrouter',
    '<%= config.bin %> <%= command.id %> --json | jq \'.checks[] | select(.status == "fail")\'',
  ]

  static enableJsonFlag = true

  static flags = {
    ...settingsFlags,
    live: Flags.boolean({description: 'Also run one tiny real agent through the runner (read-only, 60 s timeout) and report the round trip.'}),
  }

  async run(): Promise<DoctorReport> {
    const {flags} = await this.parse(Doctor)
    // Imported here, not at the top: every command's module loads with the command set (see src/commands.ts).
    const [{runDoctor}, {renderReport}, {parseEnvPairs}] = await Promise.all([
      import('../doctor/run-doctor.js'),
      import('../doctor/render.js'),
      import('../runner/env.js'),
    ])
    // Not loadSettings(): an invalid config file is one of doctor's findings, not a reason to stop.
    const report = await runDoctor({
      configPath: flags.config,
      flagEnv: flags.env ? parseEnvPairs(flags.env) : undefined,
      profile: flags.profile,
      engine: flags.engine,
      live: flags.live,
    })
    this.log(renderReport(report))
    if (!report.ok) process.exitCode = 1
    return report
  }
}
