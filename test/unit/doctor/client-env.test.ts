import {describe, expect, it} from 'vitest'

import {clientEnvChecks, entryProvides} from '../../../src/doctor/checks/client-env.js'
import {readCodexConfig} from '../../../src/doctor/codex-config.js'
import type {ProbeResult} from '../../../src/doctor/probe.js'
import {tempTree} from './helpers.js'

const custom = 'model_provider = "custom"\n[model_providers.custom]\nname = "custom"\nbase_url = "http://127.0.0.1:1/v1"\nenv_key = "CUSTOM_KEY"\n'
const loginSays = (exitCode: number, stderr: string) => async (): Promise<ProbeResult> => ({exitCode, stderr, stdout: '', timedOut: false})

async function clientEnv(toml: string, options: {login?: [number, string]; rcEnv?: Record<string, string>} = {}) {
  const home = await tempTree({'config.toml': toml})
  return clientEnvChecks({
    codexConfig: readCodexConfig({CODEX_HOME: home}),
    probe: loginSays(...(options.login ?? [1, 'Not logged in'])),
    codexMcpConfig: {fileConfig: {env: options.rcEnv}, filepath: '/p/.codex-mcprc.json'},
  })
}

describe('entryProvides', () => {
  it.each([
    [{envNames: ['K'], envVars: [], args: []}, 'its env table'],
    [{envNames: [], envVars: ['K'], args: []}, 'env_vars'],
    [{envNames: [], envVars: [], args: ['serve', '--env', 'K=v']}, 'serve --env'],
    [{envNames: [], envVars: [], args: ['serve', '--env=K=v']}, 'serve --env'],
    [{envNames: ['KEY'], envVars: [], args: ['--env', 'KK=v']}, undefined],
  ])('%j → %s', (entry, how) => {
    expect(entryProvides(entry, 'K')).toBe(how)
  })
})

describe('the codex-mcp entry\'s environment in Codex\'s config', () => {
  const entry = '[mcp_servers.sub]\ncommand = "codex-mcp"\nargs = ["serve"]\n'

  it('warns when the provider\'s env_key does not reach codex-mcp, with the line to add', async () => {
    const [result] = await clientEnv(`${custom}${entry}`)
    expect(result).toMatchObject({id: 'client-env:sub', status: 'warn', message: expect.stringContaining('CUSTOM_KEY does not reach it')})
    expect(result.fix).toContain('env_vars = ["CUSTOM_KEY"]')
  })

  it('passes env_vars, an env table or serve --env, never showing a value', async () => {
    expect((await clientEnv(`${custom}${entry}env_vars = ["CUSTOM_KEY"]\n`))[0]).toMatchObject({status: 'pass', message: '[mcp_servers.sub] passes CUSTOM_KEY to codex-mcp (env_vars)'})
    const table = await clientEnv(`${custom}${entry}env = { CUSTOM_KEY = "sk-hidden" }\n`)
    expect(table[0].status).toBe('pass')
    expect(JSON.stringify(table)).not.toContain('sk-hidden')
    expect((await clientEnv(`${custom}[mcp_servers.sub]\ncommand = "codex-mcp"\nargs = ["serve", "--env", "CUSTOM_KEY=sk-hidden"]\n`))[0].status).toBe('pass')
  })

  it('passes when the codex-mcp config file carries the key', async () => {
    expect((await clientEnv(`${custom}${entry}`, {rcEnv: {CUSTOM_KEY: 'x'}}))[0]).toMatchObject({status: 'pass', message: expect.stringContaining('"env" in /p/.codex-mcprc.json')})
  })

  it('needs nothing for the OpenAI provider when Codex is logged in; an API key otherwise', async () => {
    expect(await clientEnv(entry, {login: [0, 'Logged in using ChatGPT']})).toEqual([])
    expect((await clientEnv(entry))[0].message).toContain('OPENAI_API_KEY does not reach it')
    expect((await clientEnv(`${entry}env_vars = ["CODEX_API_KEY"]\n`))[0].status).toBe('pass')
  })

  it('says nothing without a codex-mcp entry', async () => {
    expect(await clientEnv(custom)).toEqual([])
  })
})
