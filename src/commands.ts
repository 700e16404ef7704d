import Doctor from './commands/doctor.js'
import HostsList from './commands/hosts/list.js'
import Parallel from './commands/parallel.js'
import Serve from './commands/serve.js'
import Spawn from './commands/spawn.js'
import WorkspacesApply from './commands/workspaces/apply.js'
import WorkspacesDiscard from './commands/workspaces/discard.js'
import WorkspacesList from './commands/workspaces/list.js'
import WorkspacesPrune from './commands/workspaces/prune.js'

/** oclif's explicit command strategy (package.json `oclif.commands`): the command set, bundled by scripts/bundle.mjs. */
export const COMMANDS = {
  doctor: Doctor,
  'hosts:list': HostsList,
  parallel: Parallel,
  serve: Serve,
  spawn: Spawn,
  'workspaces:apply': WorkspacesApply,
  'workspaces:discard': WorkspacesDiscard,
  'workspaces:list': WorkspacesList,
  'workspaces:prune': WorkspacesPrune,
}
