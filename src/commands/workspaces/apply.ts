import {Args} from '@oclif/core'

import {BaseCommand} from '../../cli/base-command.js'
import {configFlag} from '../../cli/flags.js'
import type {ApplyResult} from '../../workspaces/apply.js'

export default class WorkspacesApply extends BaseCommand {
  static summary = 'Apply an isolated agent\'s changes to the working tree it started from, as uncommitted changes.'
  static description = 'A 3-way merge of the agent\'s commit into your tree (it works after your tree moved on), all or nothing: on a conflict nothing changes, the conflicting files are listed and the exit code is 1. Refuses when you have uncommitted changes in a file the agent changed.'
  static examples = ['<%= config.bin %> <%= command.id %> 3f2a9c1d']
  static enableJsonFlag = true
  static args = {id: Args.string({description: 'The workspace id (codex-mcp workspaces list).', required: true})}
  static flags = configFlag

  async run(): Promise<ApplyResult> {
    const {args, flags} = await this.parse(WorkspacesApply)
    const [{applyWorkspace}, {fileLine}, {registryFor}] = await Promise.all([
      import('../../workspaces/apply.js'),
      import('../../workspaces/describe.js'),
      import('../../workspaces/registry.js'),
    ])
    const {config} = await this.loadSettings(flags)
    const result = await applyWorkspace(registryFor(config.stateDir), args.id)
    if (result.files.length === 0) this.log(`Workspace ${args.id}: nothing new to apply.`)
    else this.log(`Applied workspace ${args.id} to ${result.workspace.repoRoot} (uncommitted):\n${result.files.map((file) => `  ${fileLine(file)}`).join('\n')}`)
    return result
  }
}
