import {describe, expect, it} from 'vitest'

import {codexProfileCheck} from '../../../src/doctor/checks/codex-profile.js'
import {readCodexConfig} from '../../../src/doctor/codex-config.js'
import type {VersionFinding} from '../../../src/doctor/version.js'
import {tempTree} from './helpers.js'

const base = 'model_provider = "openai"\n'
const at = (version?: string) => async (): Promise<VersionFinding> => (version ? {state: 'ok', version} : {state: 'unreadable', problem: 'x'})
const profileCheck = async (files: Record<string, string>, profile: string | undefined, version?: string) => {
  const home = await tempTree(files)
  return codexProfileCheck({codexConfig: readCodexConfig({CODEX_HOME: home}, profile), version: at(version)})
}

describe('the profile check', () => {
  it('is silent without a profile', async () => {
    expect(await profileCheck({'config.toml': base}, undefined, '0.169.0')).toEqual([])
  })

  it('passes a <name>.config.toml profile', async () => {
    const [result] = await profileCheck({'config.toml': base, 'work.config.toml': 'model = "m"\n'}, 'work', '0.169.0')
    expect(result).toMatchObject({id: 'codex-profile', status: 'pass'})
    expect(result.message).toMatch(/Profile "work": .*work\.config\.toml layered on .*config\.toml/)
  })

  it('fails a [profiles.<name>] table with Codex 0.169, which refuses -p then', async () => {
    const [result] = await profileCheck({'config.toml': `${base}[profiles.old]\nmodel = "m"\n`}, 'old', '0.169.0')
    expect(result).toMatchObject({status: 'fail'})
    expect(result.message).toContain('Codex 0.169.0 refuses it')
    expect(result.fix).toMatch(/move the keys of \[profiles\.old\] into .*old\.config\.toml and delete the table/)
  })

  it('passes the same table for an older Codex, and warns when the version is unknown', async () => {
    const files = {'config.toml': `${base}[profiles.old]\nmodel = "m"\n`}
    expect((await profileCheck(files, 'old', '0.50.0'))[0]).toMatchObject({status: 'pass'})
    expect((await profileCheck(files, 'old'))[0]).toMatchObject({status: 'warn'})
  })

  it('fails a table next to the profile file with Codex 0.169', async () => {
    const [result] = await profileCheck({'config.toml': `${base}[profiles.w]\nmodel = "m"\n`, 'w.config.toml': 'model = "n"\n'}, 'w', '0.169.0')
    expect(result.status).toBe('fail')
    expect(result.fix).toContain('delete the [profiles.w] table')
  })

  it('warns when the profile exists in neither form', async () => {
    const [result] = await profileCheck({'config.toml': base}, 'ghost', '0.169.0')
    expect(result).toMatchObject({status: 'warn'})
    expect(result.message).toContain('Codex runs with config.toml alone')
  })

  it('fails the legacy `profile = "x"` selector with Codex 0.169', async () => {
    const results = await profileCheck({'config.toml': `profile = "old"\n${base}[profiles.old]\nmodel = "m"\n`}, undefined, '0.169.0')
    expect(results).toHaveLength(1)
    expect(results[0]).toMatchObject({id: 'codex-profile-selector', status: 'fail'})
    expect(results[0].fix).toContain('--profile old')
  })

  it('reports a syntax error in the profile file with its line', async () => {
    const [result] = await profileCheck({'config.toml': base, 'p.config.toml': 'a = 1\nb = [\n'}, 'p', '0.169.0')
    expect(result.status).toBe('fail')
    expect(result.message).toMatch(/p\.config\.toml has a TOML syntax error at line \d+, column \d+/)
  })
})

describe('the profile check with the form `codex exec --help` reports', () => {
  const withForm = async (files: Record<string, string>, profile: string, profileForm: 'file' | 'table', version: string) => {
    const home = await tempTree(files)
    return codexProfileCheck({codexConfig: readCodexConfig({CODEX_HOME: home}, profile), version: at(version), features: async () => ({profileForm, hasDoctor: false})})
  }

  it('a Codex that reads tables: passes [profiles.x], fails a layered x.config.toml it would never read', async () => {
    expect((await withForm({'config.toml': `${base}[profiles.old]\nmodel = "m"\n`}, 'old', 'table', '0.47.0'))[0]).toMatchObject({status: 'pass'})
    const [result] = await withForm({'config.toml': base, 'p1.config.toml': 'model = "m"\n'}, 'p1', 'table', '0.47.0')
    expect(result).toMatchObject({status: 'fail', message: expect.stringContaining('Codex 0.47.0 reads profiles only from [profiles.p1]')})
    expect(result.fix).toContain('npm install -g @openai/codex@latest')
    expect((await withForm({'config.toml': base}, 'ghost', 'table', '0.47.0'))[0]).toMatchObject({status: 'fail'})
  })

  it('a Codex that layers files fails a table whatever its version number says', async () => {
    const [result] = await withForm({'config.toml': `${base}[profiles.old]\nmodel = "m"\n`}, 'old', 'file', '0.140.0')
    expect(result).toMatchObject({status: 'fail', message: expect.stringContaining('Codex 0.140.0 refuses it')})
  })
})
