import {BaseCommand} from '../../cli/base-command.js'
import {settingsFlags} from '../../cli/flags.js'
import type {HostReport} from '../../doctor/hosts-probe.js'

export default class HostsList extends BaseCommand {
  static summary = 'List the configured hosts: reachable or not, token accepted, agents running there.'
  static description = 'Each host of the config\'s "hosts" as a fresh codex app-server reaches it (the way agents do): ready, unreachable or refusing the token, with the agents running there now (background jobs of live servers).'
  static examples = ['<%= config.bin %> <%= command.id %>', '<%= config.bin %> <%= command.id %> --json']
  static enableJsonFlag = true
  static flags = {config: settingsFlags.config, env: settingsFlags.env, 'env-file': settingsFlags['env-file']}

  async run(): Promise<HostReport[]> {
    const {flags} = await this.parse(HostsList)
    const [{probeHosts}, {resolveRunOptions}, {resolveCodex}, {defaultStateDir}] = await Promise.all([
      import('../../doctor/hosts-probe.js'),
      import('../../runner/run-options.js'),
      import('../../runner/resolve-codex.js'),
      import('../../state/state-dir.js'),
    ])
    const {config} = await this.loadSettings(flags)
    if (!config.hosts?.length) {
      this.log('No hosts configured: agents run on this machine. See "hosts" in the README.')
      return []
    }
    const options = resolveRunOptions(config, {prompt: 'hosts list'})
    const binary = resolveCodex({codexPath: config.codexPath, env: options.env})
    const reports = await probeHosts(binary, options.env, options.hosts ?? [], config.stateDir ?? defaultStateDir())
    for (const report of reports) {
      const state = report.state === 'local' ? 'this machine' : report.state
      this.log(`${report.name}  ${state}  ${report.runningAgents} running${report.url ? `  ${report.url}` : ''}`)
      if (report.detail) this.log(`  ${report.detail}`)
      if (report.fix) this.log(`  Fix: ${report.fix}`)
    }
    return reports
  }
}
