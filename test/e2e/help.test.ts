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

  it('an unknown flag is a short error, not a stack trace', async () => {
    const {stderr, exitCode} = await runCli(['spawn', '--nope', 'x'])
    expect(exitCode).toBe(2)
    expect(stderr).toContain('Nonexistent flag: --nope')
    expect(stderr).not.toMatch(/\n\s+at /)
  })
})
