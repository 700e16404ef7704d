import {describe, expect, it} from 'vitest'

import {accepts, type CommandInfo, editDistance, notFoundMessage, suggestCommand} from '../../../src/cli/suggest-command.js'

const agentFlags = {json: {type: 'boolean'}, model: {char: 'm', type: 'option'}, quiet: {char: 'q', type: 'boolean'}} as const
const commands: CommandInfo[] = [
  {id: 'spawn', args: {prompt: {}}, flags: agentFlags},
  {id: 'parallel', args: {file: {}}, flags: {...agentFlags, concurrency: {char: 'j', type: 'option'}}},
  {id: 'serve', args: {}, flags: {'max-concurrency': {type: 'option'}}},
  {id: 'doctor', args: {}, flags: {live: {type: 'boolean'}}},
  {id: 'autocomplete', args: {shell: {options: ['zsh', 'bash', 'powershell']}}, flags: {}},
  {id: 'plugins:install', args: {plugin: {}}, flags: {}, strict: false},
  {id: 'plugins:inspect', args: {plugin: {}}, flags: {}, strict: false},
  {id: 'secret', args: {}, flags: {}, hidden: true},
]
const suggest = (line: string[]) => suggestCommand(line, commands).id

describe('suggestCommand', () => {
  it('counts a swap of two letters as one edit', () => {
    expect(editDistance('spwan', 'spawn')).toBe(1)
    expect(editDistance('paralel', 'parallel')).toBe(1)
  })

  it('suggests the command a typo meant, with its arguments', () => {
    expect(suggest(['spwan', 'hello'])).toBe('spawn')
    expect(suggest(['spwan', 'a prompt'])).toBe('spawn')
    expect(suggest(['spwan', '--json', '-m', 'gpt-5', 'hi'])).toBe('spawn')
    expect(suggest(['paralel', 'tasks.json', '-j', '4'])).toBe('parallel')
    expect(suggest(['doctr'])).toBe('doctor')
    expect(suggest(['plugins', 'instal', 'x'])).toBe('plugins:install')
  })

  it('suggests nothing when the arguments do not fit the nearest command', () => {
    expect(suggest(['doctr', 'hello'])).toBeUndefined() // doctor takes no argument
    expect(suggest(['sevre', '--json'])).toBeUndefined() // serve has no --json
    expect(suggest(['autocomplet', 'fish'])).toBeUndefined() // not one of its shells
  })

  it('suggests nothing when unsure: far off, a tie, or hidden', () => {
    expect(suggest(['xyz'])).toBeUndefined()
    expect(suggest(['spawnnnn'])).toBeUndefined()
    const twins = [{id: 'serve', args: {}, flags: {}}, {id: 'servo', args: {}, flags: {}}]
    expect(suggestCommand(['serv'], twins).id).toBeUndefined()
    expect(suggest(['secrt'])).toBeUndefined()
  })

  it('accepts flags with values, `--` and repeated positionals only where the command allows them', () => {
    expect(accepts(commands[0], ['--model=x', 'p'])).toBe(true)
    expect(accepts(commands[0], ['p', 'q'])).toBe(false)
    expect(accepts(commands[0], ['--', '--a prompt'])).toBe(true)
    expect(accepts(commands[5], ['a', 'b', 'c'])).toBe(true)
  })

  it('prints the corrected command line, quoted for a shell', () => {
    expect(notFoundMessage('codex-mcp', suggestCommand(['spwan', "it's a prompt"], commands))).toBe(
      `Error: "spwan" is not a codex-mcp command. Did you mean:\n  codex-mcp spawn 'it'\\''s a prompt'`,
    )
    expect(notFoundMessage('codex-mcp', suggestCommand(['xyz'], commands))).toBe('Error: "xyz" is not a codex-mcp command.\nRun codex-mcp --help for the list of commands.')
  })
})
