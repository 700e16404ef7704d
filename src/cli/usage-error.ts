/**
 * A command-line mistake as a few plain lines: what is wrong, then the one line of usage that helps. oclif
 * would print its message wrapped to 80 columns (splitting paths) followed by the whole help; this replaces
 * both for oclif's parse errors.
 */

import type {ErrorKind} from '../errors.js'

/** Exit codes: 1 an agent failed, 2 the input was wrong, 130 interrupted. */
export function exitCodeFor(kind: ErrorKind): number {
  if (kind === 'invalid-input' || kind === 'invalid-config' || kind === 'bad-cwd' || kind === 'forbidden') return 2
  if (kind === 'cancelled') return 130
  return 1
}

/** What a parse error needs from the command that failed. */
export interface CommandShape {
  bin: string
  id: string
  args: Record<string, {name?: string; required?: boolean; description?: string}>
  examples?: Array<string | {command: string}>
}

interface ParseErrorLike extends Error {
  args?: Array<{name?: string; description?: string}>
}

/** oclif's CLIParseError and its kin (missing or unexpected arguments, unknown flags, bad values), and a flag's own parse failure. */
export function isParseError(error: unknown): error is ParseErrorLike {
  return error instanceof Error && /\nSee more help with --help$/.test(error.message)
}

/** `codex-mcp parallel FILE [flags]`. */
export function usageLine(command: CommandShape): string {
  const args = Object.entries(command.args).map(([name, arg]) => (arg.required ? name.toUpperCase() : `[${name.toUpperCase()}]`))
  return [command.bin, command.id, ...args, '[flags]'].join(' ')
}

/** The command's first example, as a user would type it. */
export function firstExample(command: CommandShape): string | undefined {
  const example = command.examples?.[0]
  const text = typeof example === 'string' ? example : example?.command
  return text?.replaceAll('<%= config.bin %>', command.bin).replaceAll('<%= command.id %>', command.id)
}

/** oclif's message without its "See more help" tail, its tab-indented detail, or its note about multi-value flags (unless they were used). */
export function parseErrorMessage(error: ParseErrorLike, argv: string[]): string {
  let message = error.message.replace(/\nSee more help with --help$/, '')
  const flagValue = /^Parsing (--[\w-]+) \n\t([\s\S]*)$/.exec(message)
  if (flagValue) return `Invalid value for ${flagValue[1]}: ${flagValue[2]}`
  if (error.constructor.name === 'RequiredArgsError' && error.args) {
    const missing = error.args.map((arg) => `${(arg.name ?? '').toUpperCase()}${arg.description ? `: ${arg.description}` : ''}`)
    message = `Missing ${missing.join(', ')}`
    const multiple = argv.filter((arg) => arg === '--env' || arg.startsWith('--env='))
    if (multiple.length > 0) message += '\n--env takes several values: put the arguments before it, or `--` before them'
  }
  // oclif dims the reasons of a failed validation; plain text keeps them readable in logs.
  // eslint-disable-next-line no-control-regex
  return message.replace(/\u001B\[\d+m/g, '')
}

/** `Error: …` then `Usage: …` (and an example when an argument is missing), one fact per line. */
export function formatParseError(error: ParseErrorLike, command: CommandShape, argv: string[]): string {
  const lines = [`Error: ${parseErrorMessage(error, argv)}`, `Usage: ${usageLine(command)}   (${command.bin} ${command.id} --help for every flag)`]
  const example = firstExample(command)
  if (example && error.constructor.name === 'RequiredArgsError') lines.push(`Example: ${example}`)
  return lines.join('\n')
}

/** A codex-mcp error (bad input, a failed agent) as `Error:` and `Fix:` lines. */
export function formatError(message: string, fix?: string): string {
  return fix ? `Error: ${message}\nFix: ${fix}` : `Error: ${message}`
}
