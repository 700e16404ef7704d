import {describe, expect, it} from 'vitest'

import {codexVersionCheck} from '../../../src/doctor/checks/codex-version.js'
import {gatherContext} from '../../../src/doctor/context.js'
import {parseCodexVersion} from '../../../src/doctor/version.js'
import {codexWrapper} from '../../support/cli.js'
import {fakeCodex, isolatedEnv, tempTree} from './helpers.js'

const versionOf = async (codex: string) => {
  const home = await tempTree()
  const ctx = await gatherContext({processEnv: await isolatedEnv(home, {CODEX_MCP_CODEX_PATH: codex}), cwd: home})
  return codexVersionCheck(ctx)
}

describe('parseCodexVersion', () => {
  it.each([
    ['codex-cli 0.169.0\n', '0.169.0'],
    ['codex-cli 0.47.0-alpha.3', '0.47.0-alpha.3'],
    ['WARNING: something\ncodex-cli 1.2.3\n', '1.2.3'],
    ['codex 0.46.0', '0.46.0'],
    ['codex-cli banana', undefined],
    ['hello', undefined],
    ['', undefined],
  ])('%j → %s', (stdout, version) => {
    expect(parseCodexVersion(stdout)).toBe(version)
  })
})

describe('the version check, with fake codex executables', () => {
  it('passes the real Codex from devDependencies', async () => {
    expect(await versionOf(codexWrapper)).toEqual([{id: 'codex-version', status: 'pass', message: 'Codex 0.169.0 (>= 0.47.0 required)'}])
  })

  it('fails a Codex below 0.47.0 with found, required and the upgrade command', async () => {
    const [result] = await versionOf(fakeCodex('codex-0.40.0'))
    expect(result).toMatchObject({status: 'fail', message: 'Codex 0.40.0 is too old: codex-mcp needs Codex >= 0.47.0 (its `codex exec --json` prints an older event format that codex-mcp cannot read: every agent would fail).'})
    expect(result.fix).toContain('npm install -g @openai/codex@latest')
    expect(result.fix).toContain('CODEX_MCP_CODEX_PATH')
  })

  it('fails clearly on garbage output', async () => {
    const [result] = await versionOf(fakeCodex('codex-garbage'))
    expect(result.status).toBe('fail')
    expect(result.message).toContain('printed "Welcome to totally-not-codex! Type \'help\' for help.", not a version (expected "codex-cli X.Y.Z")')
  })

  it('fails clearly on a non-zero exit, quoting its error', async () => {
    const [result] = await versionOf(fakeCodex('codex-exit-1'))
    expect(result.status).toBe('fail')
    expect(result.message).toContain('`--version` exited with code 1: codex: error while loading shared libraries')
  })

  it('fails clearly when --version hangs', async () => {
    const home = await tempTree({'codex': '#!/bin/sh\nsleep 30\n'})
    const {chmod} = await import('node:fs/promises')
    await chmod(`${home}/codex`, 0o755)
    const ctx = await gatherContext({processEnv: await isolatedEnv(home, {CODEX_MCP_CODEX_PATH: `${home}/codex`}), cwd: home, probeTimeoutMs: 300})
    const started = Date.now()
    const [result] = await codexVersionCheck(ctx)
    expect(result.message).toContain('did not answer in time')
    expect(Date.now() - started).toBeLessThan(5000)
  })

  it('says nothing when there is no binary (codex-binary reports that)', async () => {
    expect(await versionOf('/nonexistent/codex')).toEqual([])
  })
})
