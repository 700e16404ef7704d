import {BaseCommand} from '../../cli/base-command.js'
import {configFlag} from '../../cli/flags.js'
import type {WorkspaceView} from '../../workspaces/schema.js'

export default class WorkspacesList extends BaseCommand {
  static summary = 'List the workspaces of isolated agents: branch, state and changed files.'
  static description = 'Every git worktree an isolated agent (--isolation worktree) worked in, newest first, with whether its changes are applied or still pending. Workspaces of failed, cancelled and timed-out agents are kept and listed too.'
  static examples = ['<%= config.bin %> <%= command.id %>', '<%= config.bin %> <%= command.id %> --json']
  static enableJsonFlag = true
  static flags = configFlag

  async run(): Promise<WorkspaceView[]> {
    const {flags} = await this.parse(WorkspacesList)
    const [{fileLine, workspaceState}, {registryFor, toView}] = await Promise.all([import('../../workspaces/describe.js'), import('../../workspaces/registry.js')])
    const {config} = await this.loadSettings(flags)
    const workspaces = registryFor(config.stateDir).list().map(toView)
    if (workspaces.length === 0) this.log('No workspaces.')
    for (const ws of workspaces) {
      this.log(`${ws.workspaceId}  ${workspaceState(ws)}  ${ws.branch}  ${ws.createdAt.slice(0, 16).replace('T', ' ')}`)
      this.log(`  from ${ws.repoRoot}: ${ws.promptHead}`)
      for (const file of ws.changedFiles) this.log(`  ${fileLine(file)}`)
    }
    return workspaces
  }
}
