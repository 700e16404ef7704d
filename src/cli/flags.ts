import {Flags, type Interfaces} from '@oclif/core'

import {configFileFlag, type FlagScope, type FlagSpec, flagSpecsFor} from '../config/settings-table.js'
import {parseDuration} from './duration.js'

export const durationFlag = Flags.custom<number>({parse: async (input) => parseDuration(input)})

/** One row of the settings table's flag as an oclif flag. */
function oclifFlag(spec: FlagSpec): Interfaces.OptionFlag<any> {
  const common = {char: spec.char as never, description: spec.description, helpGroup: spec.helpGroup}
  switch (spec.kind) {
    case 'directory':
      return Flags.directory(common)
    case 'option':
      return Flags.option({...common, options: spec.options as readonly string[]})()
    case 'integer':
      return Flags.integer({...common, min: spec.min, max: spec.max})
    case 'duration':
      return durationFlag(common)
    case 'string':
      return spec.multiple ? Flags.string({...common, multiple: true, multipleNonGreedy: true}) : Flags.string(common)
  }
}

/** The oclif flags of the settings a command of `scope` takes (src/config/settings-table.ts). */
export function settingFlagsFor(scope: FlagScope) {
  return Object.fromEntries(flagSpecsFor(scope).map((spec) => [spec.name, oclifFlag(spec)])) as Record<string, Interfaces.OptionFlag<any>>
}

/** `--config` alone (the workspaces commands: they run no agents). */
export const configFlag = {config: Flags.string({description: configFileFlag.description, helpGroup: configFileFlag.helpGroup})}

/** Flags every command takes: where settings come from. */
export const settingsFlags = settingFlagsFor('all')

/** Flags of every command that runs agents: spawn, parallel, serve. */
export const agentFlags = settingFlagsFor('agents')
