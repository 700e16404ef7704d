import {BaseCommand} from '../../cli/base-command.js'
import {configFlag} from '../../cli/flags.js'
import type {PruneResult} from '../../workspaces/remove.js'

export default class WorkspacesPrune extends BaseCommand {
  static summary = 'Remove the worktrees and branches of workspaces with nothing left to apply; list the others.'
  static description = 'Removes workspaces whose changes are applied, or that hold no changes. Workspaces with unapplied changes and running ones are kept and listed: apply or discard them.'
  static examples = ['<%= config.bin %> <%= command.id %>']
  static enableJsonFlag = true
  static flags = configFlag

  async run(): Promise<PruneResult> {
    const {flags} = await this.parse(WorkspacesPrune)
    const [{pruneWorkspaces}, {registryFor}] = await Promise.all([import('../../workspaces/remove.js'), import('../../workspaces/registry.js')])
    const {config} = await this.loadSettings(flags)
    const result = await pruneWorkspaces(registryFor(config.stateDir))
    this.log(`Removed ${result.removed.length} workspace${result.removed.length === 1 ? '' : 's'}${result.removed.map((ws) => `\n  ${ws.workspaceId}  ${ws.branch}`).join('')}`)
    if (result.kept.length > 0) this.log(`Kept ${result.kept.length}:${result.kept.map((ws) => `\n  ${ws.workspaceId}  ${ws.branch}: ${ws.reason}`).join('')}`)
    return result
  }
}
