import Doctor from './commands/doctor.js'
import Parallel from './commands/parallel.js'
import Serve from './commands/serve.js'
import Spawn from './commands/spawn.js'

/** oclif's explicit command strategy (package.json `oclif.commands`): the command set, bundled by scripts/bundle.mjs. */
export const COMMANDS = {doctor: Doctor, parallel: Parallel, serve: Serve, spawn: Spawn}
