import {describe, expect, it} from 'vitest'

import {runCli} from '../support/cli.js'

describe('help', () => {
  it('lists the four commands', async () => {
    const {stdout, exitCode} = await runCli(['--help'])
    expect(exitCode).toBe(0)
    for (const command of ['spawn', 'parallel', 'serve', 'doctor']) expect(stdout).toMatch(new RegExp(`^  ${command}\\s`, 'm'))
  })

  it('spawn --help documents every flag, with examples', async () => {
    const {stdout} = await runCli(['spawn', '--help'])
    for (const flag of ['--cd', '--model', '--profile', '--sandbox', '--reasoning-effort', '--timeout', '--env', '--config', '--json', '--prompt-file', '--resume', '--quiet']) {
      expect(stdout).toContain(flag)
    }
    expect(stdout).toContain('EXAMPLES')
    expect(stdout).toContain('$ codex-mcp spawn "')
  })

  it('an unknown flag is a short error with one usage line, not a stack trace or the whole help', async () => {
    const {stderr, exitCode} = await runCli(['spawn', '--nope', 'x'])
    expect(exitCode).toBe(2)
    expect(stderr).toBe('Error: Nonexistent flag: --nope\nUsage: codex-mcp spawn [PROMPT] [flags]   (codex-mcp spawn --help for every flag)')
  })

  it('a missing argument says which, with usage and an example', async () => {
    const {stderr, exitCode} = await runCli(['parallel'], {input: ''})
    expect(exitCode).toBe(2)
    expect(String(stderr).split('\n')).toEqual([
      expect.stringMatching(/^Error: Missing FILE: Tasks file/),
      expect.stringMatching(/^Usage: codex-mcp parallel FILE \[flags\]/),
      'Example: codex-mcp parallel tasks.json',
    ])
  })

  it('a bad flag value names the flag', async () => {
    const {stderr, exitCode} = await runCli(['spawn', '--timeout', '5y', 'x'])
    expect(exitCode).toBe(2)
    expect(stderr).toMatch(/^Error: Invalid value for --timeout: Expected a duration such as 90s, 10m, 1h or milliseconds, got "5y"\nUsage: /)
  })

  it('a typo suggests the command that takes those arguments, without a terminal too, and runs nothing', async () => {
    const typo = await runCli(['spwan', 'a prompt'], {input: '\n'})
    expect(typo.exitCode).toBe(2)
    expect(typo.stderr).toBe('Error: "spwan" is not a codex-mcp command. Did you mean:\n  codex-mcp spawn \'a prompt\'')
    expect(typo.stdout).toBe('')
    const unsure = await runCli(['doctr', 'hello'], {input: ''})
    expect(unsure.exitCode).toBe(2)
    expect(unsure.stderr).toBe('Error: "doctr" is not a codex-mcp command.\nRun codex-mcp --help for the list of commands.')
  })

  it('serve --help lists every tool the server registers', async () => {
    const {stdout} = await runCli(['serve', '--help'])
    for (const tool of ['spawn_agent', 'spawn_agents_parallel', 'reply_agent', 'start_agent', 'start_agents', 'wait_agents', 'get_agent', 'list_agents', 'cancel_agent']) {
      expect(stdout).toMatch(new RegExp(`^  ${tool}\\s`, 'm'))
    }
  })
})
