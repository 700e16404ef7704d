import {Parser} from '@oclif/core'
import {describe, expect, it} from 'vitest'

import {parseSpawnArgv, spawnOwnFlags, spawnSettingFlags} from '../../../src/cli/fast-spawn.js'
import {argvOptions} from '../../../src/cli/fast-argv.js'
import Spawn from '../../../src/commands/spawn.js'

const oclifParse = async (argv: string[]) => Parser.parse(argv, {flags: Spawn.flags, args: Spawn.args, strict: true})
const defined = (flags: object) => Object.fromEntries(Object.entries(flags).filter(([, value]) => value !== undefined))

describe('spawn without oclif (bin/run.js fast start)', () => {
  it('knows exactly the flags of the spawn command', () => {
    const fromOclif = Object.entries(Spawn.flags).map(([name, flag]) => ({name, short: flag.char, multiple: Boolean((flag as {multiple?: boolean}).multiple), boolean: flag.type === 'boolean'}))
    const fast = Object.entries(argvOptions(spawnSettingFlags, spawnOwnFlags)).map(([name, option]) => ({
      name,
      short: option.short,
      multiple: Boolean(option.multiple),
      boolean: option.type === 'boolean',
    }))
    expect(fast).toEqual(expect.arrayContaining(fromOclif))
    expect(fromOclif).toEqual(expect.arrayContaining(fast))
  })

  it.each([
    [['hi']],
    [['-']],
    [['--json', '-q', 'do it']],
    [['do it', '--json']],
    [['--resume', '01a2134a-6541-7471-9b47-95a9e45290a2', 'go on']],
    [['--env', 'A=1', '--env=B=2', '-m', 'gpt-5-codex', '-C', '/tmp', '--sandbox', 'read-only', 'p']],
    [['--timeout', '20m', '--engine', 'exec', '--isolation', 'worktree', 'p']],
    [['--prompt-file', 'package.json']],
  ])('parses %j as oclif does', async (argv) => {
    const fast = parseSpawnArgv(argv)
    expect(fast).toBeDefined()
    const oclif = await oclifParse(argv)
    expect(defined(fast!.flags)).toEqual(defined(oclif.flags))
    expect(fast!.prompt).toBe(oclif.args.prompt)
  })

  it.each([
    [['--help']],
    [['-h']],
    [['--bogus', 'p']],
    [['one', 'two']],
    [['--json=yes', 'p']],
    [['--timeout', 'soon', 'p']],
    [['--sandbox', 'nope', 'p']],
    [['--prompt-file', 'no-such-file.md']],
    [['--model', 'a', '--model', 'b', 'p']],
  ])('leaves %j to oclif, which rejects it', async (argv) => {
    expect(parseSpawnArgv(argv)).toBeUndefined()
    await expect(oclifParse(argv)).rejects.toThrow()
  })

  it('leaves argv that parseArgs may read differently to oclif', () => {
    expect(parseSpawnArgv(['-qm', 'gpt', 'p'])).toBeUndefined() // grouped short flags
    expect(parseSpawnArgv(['-mgpt', 'p'])).toBeUndefined()
    expect(parseSpawnArgv(['--', '--model'])).toBeUndefined()
    expect(parseSpawnArgv(['--json', '--json', 'p'])).toBeUndefined() // oclif takes it; not worth a rule
  })
})
