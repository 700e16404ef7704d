import {Args} from '@oclif/core'

import {BaseCommand} from '../../cli/base-command.js'
import {configFlag} from '../../cli/flags.js'
import type {WorkspaceView} from '../../workspaces/schema.js'

export default class WorkspacesDiscard extends BaseCommand {
  static summary = 'Delete an isolated agent\'s worktree and branch, with any changes not applied.'
  static examples = ['<%= config.bin %> <%= command.id %> 3f2a9c1d']
  static enableJsonFlag = true
  static args = {id: Args.string({description: 'The workspace id (codex-mcp workspaces list).', required: true})}
  static flags = configFlag

  async run(): Promise<WorkspaceView> {
    const {args, flags} = await this.parse(WorkspacesDiscard)
    const [{discardWorkspace}, {registryFor}] = await Promise.all([import('../../workspaces/remove.js'), import('../../workspaces/registry.js')])
    const {config} = await this.loadSettings(flags)
    const workspace = await discardWorkspace(registryFor(config.stateDir), args.id)
    this.log(`Discarded workspace ${args.id}: removed ${workspace.path} and branch ${workspace.branch}${workspace.pending ? ' (its unapplied changes are gone)' : ''}.`)
    return workspace
  }
}
