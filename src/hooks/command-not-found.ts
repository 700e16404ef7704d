import type {Hook} from '@oclif/core'

import {type CommandInfo, notFoundMessage, suggestCommand} from '../cli/suggest-command.js'

/**
 * An unknown command: says so on stderr, with the corrected command line when one command is clearly meant
 * (src/cli/suggest-command.ts), and exits 2. Replaces @oclif/plugin-not-found, which guessed without looking
 * at the arguments and, on a terminal, ran its guess when Enter was pressed.
 */
const hook: Hook.CommandNotFound = async function (opts) {
  const fromOclif = [...opts.id.split(':'), ...(opts.argv ?? [])]
  // oclif joins the words of an unknown command with ':'; the real argv keeps a prompt's own ':' intact.
  const raw = process.argv.slice(2)
  const tokens = raw.join(':') === fromOclif.join(':') ? raw : fromOclif
  const suggestion = suggestCommand(tokens, opts.config.commands as unknown as CommandInfo[])
  process.stderr.write(`${notFoundMessage(opts.config.bin, suggestion, opts.config.topicSeparator)}\n`)
  this.exit(2)
}

export default hook
