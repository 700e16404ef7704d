import path from 'node:path'
import {describe, expect, it} from 'vitest'

import {layerToml, locateCodexConfig, mcpServers, mcpTableHeader, readCodexConfig, readToml} from '../../../src/doctor/codex-config.js'
import {tempTree} from './helpers.js'

const providers = `
[model_providers.base]
name = "base"
base_url = "http://127.0.0.1:1/v1"
env_key = "BASE_KEY"

[model_providers.other]
name = "other"
base_url = "http://127.0.0.1:2/v1"
env_key = "OTHER_KEY"
`

describe('locateCodexConfig', () => {
  it('uses $CODEX_HOME when set, else ~/.codex', () => {
    expect(locateCodexConfig({CODEX_HOME: '/x/home', HOME: '/h'})).toMatchObject({codexHome: '/x/home', file: '/x/home/config.toml', fromEnv: true, homeExists: false})
    expect(locateCodexConfig({HOME: '/h'})).toMatchObject({codexHome: '/h/.codex', file: '/h/.codex/config.toml', fromEnv: false})
  })

  it('points out a ~/.config/codex/config.toml that Codex does not read', async () => {
    const home = await tempTree({'.config/codex/config.toml': 'model = "x"\n'})
    expect(locateCodexConfig({HOME: home}).ignoredFile).toBe(path.join(home, '.config/codex/config.toml'))
    // ...unless CODEX_HOME points there, so Codex does read it.
    expect(locateCodexConfig({HOME: home, CODEX_HOME: path.join(home, '.config/codex')}).ignoredFile).toBeUndefined()
  })
})

describe('readToml', () => {
  it('reports a syntax error with line and column, without echoing the file', async () => {
    const dir = await tempTree({'config.toml': 'model = "m"\ntoken = "sk-do-not-show"\nmodel_provider = = "x"\n'})
    const read = readToml(path.join(dir, 'config.toml'))
    expect(read).toMatchObject({state: 'invalid', line: 3, column: 18})
    expect(JSON.stringify(read)).not.toContain('sk-do-not-show')
  })

  it('tells a missing file from a parsed one', async () => {
    const dir = await tempTree({'config.toml': 'a = 1\n'})
    expect(readToml(path.join(dir, 'nope.toml')).state).toBe('missing')
    expect(readToml(path.join(dir, 'config.toml'))).toMatchObject({state: 'parsed', data: {a: 1}})
  })
})

describe('readCodexConfig: the active model provider', () => {
  it('defaults to the built-in openai provider without a config.toml', async () => {
    const home = await tempTree()
    const facts = readCodexConfig({CODEX_HOME: home})
    expect(facts.base.state).toBe('missing')
    expect(facts.provider).toMatchObject({id: 'openai', builtIn: true, source: 'Codex\'s default'})
  })

  it('reads model_provider and its table from config.toml', async () => {
    const home = await tempTree({'config.toml': `model_provider = "base"\n${providers}`})
    expect(readCodexConfig({CODEX_HOME: home}).provider).toMatchObject({id: 'base', builtIn: false, definition: {env_key: 'BASE_KEY'}})
  })

  it('layers $CODEX_HOME/<profile>.config.toml on top (Codex 0.169)', async () => {
    const home = await tempTree({'config.toml': `model_provider = "base"\n${providers}`, 'work.config.toml': 'model_provider = "other"\n'})
    const facts = readCodexConfig({CODEX_HOME: home}, 'work')
    expect(facts.profile).toMatchObject({name: 'work', form: 'file', selectedBy: 'codex-mcp', hasLegacyTable: false})
    expect(facts.provider).toMatchObject({id: 'other', source: 'model_provider in work.config.toml (profile work)', definition: {env_key: 'OTHER_KEY'}})
  })

  it('honours a legacy [profiles.<name>] table', async () => {
    const home = await tempTree({'config.toml': `model_provider = "base"\n${providers}\n[profiles.old]\nmodel_provider = "other"\n`})
    const facts = readCodexConfig({CODEX_HOME: home}, 'old')
    expect(facts.profile).toMatchObject({form: 'table', hasLegacyTable: true})
    expect(facts.provider).toMatchObject({id: 'other', source: 'model_provider in [profiles.old] (profile old)'})
  })

  it('honours the legacy top-level `profile = "<name>"` selector', async () => {
    const home = await tempTree({'config.toml': `profile = "old"\nmodel_provider = "base"\n${providers}\n[profiles.old]\nmodel_provider = "other"\n`})
    const facts = readCodexConfig({CODEX_HOME: home})
    expect(facts.legacySelector).toBe('old')
    expect(facts.profile).toMatchObject({name: 'old', selectedBy: 'config.toml', form: 'table'})
    expect(facts.provider?.id).toBe('other')
  })

  it('falls back to config.toml alone when the selected profile exists in neither form', async () => {
    const home = await tempTree({'config.toml': `model_provider = "base"\n${providers}`})
    const facts = readCodexConfig({CODEX_HOME: home}, 'ghost')
    expect(facts.profile?.form).toBe('missing')
    expect(facts.provider?.id).toBe('base')
  })

  it('has no provider when the profile file does not parse', async () => {
    const home = await tempTree({'config.toml': `model_provider = "base"\n${providers}`, 'bad.config.toml': 'model_provider = \n'})
    const facts = readCodexConfig({CODEX_HOME: home}, 'bad')
    expect(facts.profile?.read).toMatchObject({state: 'invalid', line: 1})
    expect(facts.provider).toBeUndefined()
  })
})

describe('MCP server entries', () => {
  it('merges the profile file over config.toml and remembers where each entry lives', async () => {
    const home = await tempTree({
      'config.toml': '[mcp_servers.a]\ncommand = "a"\nenv = { K = "secret" }\nenv_vars = ["V"]\n[mcp_servers.b]\ncommand = "b"\nenabled = false\n',
      'p.config.toml': '[mcp_servers.a]\ntool_timeout_sec = 600\n[mcp_servers."my server"]\nurl = "http://x"\n',
    })
    const entries = mcpServers(readCodexConfig({CODEX_HOME: home}, 'p'))
    expect(entries).toEqual([
      {name: 'a', command: 'a', args: [], enabled: true, required: false, toolTimeoutSec: 600, envNames: ['K'], envVars: ['V'], file: path.join(home, 'p.config.toml')},
      {name: 'b', command: 'b', args: [], enabled: false, required: false, envNames: [], envVars: [], file: path.join(home, 'config.toml')},
      {name: 'my server', args: [], url: 'http://x', enabled: true, required: false, envNames: [], envVars: [], file: path.join(home, 'p.config.toml')},
    ])
    expect(mcpTableHeader('my server')).toBe('[mcp_servers."my server"]')
    expect(mcpTableHeader('subagents')).toBe('[mcp_servers.subagents]')
  })

  it('layerToml merges nested tables, later keys win', () => {
    expect(layerToml({a: {x: 1, y: 2}, b: 1}, {a: {y: 3}, c: 4})).toEqual({a: {x: 1, y: 3}, b: 1, c: 4})
  })
})

describe('the config.toml check', () => {
  const configCheck = async (files: Record<string, string>, env: (dir: string) => Record<string, string>) => {
    const dir = await tempTree(files)
    const {codexConfigCheck} = await import('../../../src/doctor/checks/codex-config.js')
    return codexConfigCheck({codexConfig: readCodexConfig(env(dir))})
  }

  it('fails a CODEX_HOME that does not exist (Codex refuses to start)', async () => {
    const [result] = await configCheck({}, (dir) => ({CODEX_HOME: path.join(dir, 'nope')}))
    expect(result).toMatchObject({status: 'fail', fix: expect.stringContaining('mkdir -p')})
  })

  it('fails a syntax error with its line and column', async () => {
    const [result] = await configCheck({'config.toml': 'model = "m"\n\n[mcp_servers.x\n'}, (dir) => ({CODEX_HOME: dir}))
    expect(result.status).toBe('fail')
    expect(result.message).toMatch(/config\.toml has a TOML syntax error at line 3, column \d+: /)
  })

  it('warns about ~/.config/codex/config.toml, which Codex does not read', async () => {
    const results = await configCheck({'.config/codex/config.toml': 'model = "m"\n'}, (dir) => ({HOME: dir}))
    expect(results.map((r) => [r.id, r.status])).toEqual([
      ['codex-config', 'info'],
      ['codex-config-location', 'warn'],
    ])
    expect(results[1].fix).toMatch(/set CODEX_HOME=.*\/\.config\/codex/)
  })
})
