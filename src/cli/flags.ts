import {Flags} from '@oclif/core'

import {engines, reasoningEfforts, sandboxModes} from '../config/schema.js'
import {parseDuration} from './duration.js'

export const durationFlag = Flags.custom<number>({parse: async (input) => parseDuration(input)})

/** Flags every command takes: where settings come from. */
export const settingsFlags = {
  config: Flags.string({description: 'Path of a codex-mcp config file (default: searched from the working directory).', helpGroup: 'SETTINGS'}),
  env: Flags.string({
    description: 'Extra environment variable for Codex, KEY=VALUE (repeatable), e.g. a provider\'s env_key credential. Values are never printed.',
    multiple: true,
    multipleNonGreedy: true,
    helpGroup: 'SETTINGS',
  }),
  profile: Flags.string({description: 'Codex config profile (codex -p).', helpGroup: 'SETTINGS'}),
  engine: Flags.option({
    options: engines,
    description: 'How agents run: exec (default; a codex exec per agent) or app-server (threads of one warm codex app-server).',
    helpGroup: 'SETTINGS',
  })(),
}

/** Flags of every command that runs agents: spawn, parallel, serve. */
export const agentFlags = {
  ...settingsFlags,
  cd: Flags.directory({char: 'C', description: 'Working directory of the agents (default: the current directory).', helpGroup: 'AGENT'}),
  model: Flags.string({char: 'm', description: 'Codex model, e.g. gpt-5-codex (default: Codex\'s config).', helpGroup: 'AGENT'}),
  sandbox: Flags.option({
    options: sandboxModes,
    description: 'Sandbox for agent commands. danger-full-access (default) runs with no sandbox and no approvals.',
    helpGroup: 'AGENT',
  })(),
  'reasoning-effort': Flags.option({options: reasoningEfforts, description: 'Model reasoning effort.', helpGroup: 'AGENT'})(),
  approvals: Flags.option({
    options: ['never', 'ask'] as const,
    description: 'never (default): agents never ask. ask (app-server engine): agents run sandboxed and may ask a person to allow more.',
    helpGroup: 'AGENT',
  })(),
  timeout: durationFlag({description: 'Kill an agent after this long: 90s, 10m, 1h or milliseconds (default 30m).', helpGroup: 'AGENT'}),
}
