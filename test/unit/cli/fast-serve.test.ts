import {Parser} from '@oclif/core'
import {mkdtemp, rm, writeFile} from 'node:fs/promises'
import {readFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import path from 'node:path'
import {describe, expect, it} from 'vitest'

import {hasUserPlugins, OCLIF_DIRNAME, parseServeArgv, serveArgvOptions} from '../../../src/cli/fast-serve.js'
import Serve from '../../../src/commands/serve.js'
import {repoRoot} from '../../support/cli.js'

const oclifParse = async (argv: string[]) => (await Parser.parse(argv, {flags: Serve.flags, args: Serve.args ?? {}, strict: true})).flags

describe('serve without oclif (bin/run.js fast start)', () => {
  it('knows exactly the flags of the serve command', () => {
    const fromOclif = Object.entries(Serve.flags).map(([name, flag]) => ({name, short: flag.char, multiple: Boolean(flag.multiple)}))
    const fast = Object.entries(serveArgvOptions).map(([name, option]) => ({
      name,
      short: 'short' in option ? option.short : undefined,
      multiple: 'multiple' in option && option.multiple,
    }))
    expect(fast).toEqual(expect.arrayContaining(fromOclif))
    expect(fromOclif).toEqual(expect.arrayContaining(fast))
  })

  it.each([
    [[]],
    [['--max-concurrency', '16']],
    [['--max-concurrency=8', '--heartbeat', '10s', '--timeout', '1.5s']],
    [['--env', 'A=1', '--env=B=2', '-m', 'gpt-5-codex', '-C', '/tmp', '--sandbox', 'read-only', '--reasoning-effort', 'high']],
    [['--profile', 'fast', '--config', 'x.json', '--cd=../api', '--model', '']],
    [['--isolation', 'worktree']],
  ])('parses %j as oclif does', async (argv) => {
    const fast = parseServeArgv(argv)
    expect(fast).toBeDefined()
    const defined = (flags: object) => Object.fromEntries(Object.entries(flags).filter(([, value]) => value !== undefined))
    expect(defined(fast!)).toEqual(defined(await oclifParse(argv)))
  })

  it.each([
    [['--help']],
    [['-h']],
    [['--bogus']],
    [['extra']],
    [['--max-concurrency', '0']],
    [['--max-concurrency', 'many']],
    [['--model', 'a', '--model', 'b']],
    [['--sandbox', 'nope']],
    [['--reasoning-effort', 'max']],
    [['--isolation', 'both']],
    [['--heartbeat', 'soon']],
    [['--model', '--cd']],
  ])('leaves %j to oclif, which rejects it', async (argv) => {
    expect(parseServeArgv(argv)).toBeUndefined()
    await expect(oclifParse(argv)).rejects.toThrow()
  })

  it('leaves argv that parseArgs may read differently to oclif', () => {
    expect(parseServeArgv(['-m=gpt'])).toBeUndefined() // oclif: "gpt", parseArgs: "=gpt"
    expect(parseServeArgv(['-mgpt'])).toBeUndefined() // the same for both, but not worth telling apart
    expect(parseServeArgv(['--', '--model', 'x'])).toBeUndefined()
  })

  it('steps aside when oclif would load user plugins or hooks', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'codex-mcp-data-'))
    try {
      expect(hasUserPlugins({HOME: dir, CODEX_MCP_DATA_DIR: dir})).toBe(false)
      await writeFile(path.join(dir, 'package.json'), '{"oclif": {"plugins": []}}')
      expect(hasUserPlugins({HOME: '/nonexistent', CODEX_MCP_DATA_DIR: dir})).toBe(true)
      expect(hasUserPlugins({HOME: '/nonexistent', XDG_DATA_HOME: path.dirname(dir)})).toBe(false)
    } finally {
      await rm(dir, {recursive: true, force: true})
    }
    const pjson = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8'))
    expect(pjson.oclif.dirname).toBe(OCLIF_DIRNAME)
    // The fast start runs no oclif hooks: if the CLI ever gets some that `serve` would run, tryFastServe must
    // learn to step aside. command_not_found runs only for an unknown command, never for `serve`.
    expect(Object.keys(pjson.oclif.hooks ?? {})).toEqual(['command_not_found'])
  })
})
