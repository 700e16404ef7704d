import path from 'node:path'
import {describe, expect, it} from 'vitest'

import {credentialsCheck, openaiAuthCheck} from '../../../src/doctor/checks/credentials.js'
import {gatherContext} from '../../../src/doctor/context.js'
import type {ProbeResult} from '../../../src/doctor/probe.js'
import {codexWrapper} from '../../support/cli.js'
import {isolatedEnv, tempTree} from './helpers.js'

const SECRET = 'sk-unit-secret-0123456789'
const customProvider = 'model_provider = "custom"\n[model_providers.custom]\nname = "custom"\nbase_url = "http://127.0.0.1:1/v1"\nenv_key = "CUSTOM_KEY"\n'

async function credentials(options: {toml?: string; env?: Record<string, string>; flagEnv?: Record<string, string>; rc?: object}) {
  const home = await tempTree({
    ...(options.toml ? {'.codex/config.toml': options.toml} : {}),
    ...(options.rc ? {'work/.codex-mcprc.json': JSON.stringify(options.rc)} : {'work/.keep': ''}),
  })
  const ctx = await gatherContext({processEnv: await isolatedEnv(home, {CODEX_MCP_CODEX_PATH: codexWrapper, ...options.env}), flagEnv: options.flagEnv, cwd: path.join(home, 'work')})
  const results = await credentialsCheck(ctx)
  expect(JSON.stringify(results)).not.toContain(SECRET)
  return results[0]
}

describe('credentials of a provider with env_key', () => {
  it('fails when the variable is unset, naming it and the three ways to pass it', async () => {
    const result = await credentials({toml: customProvider})
    expect(result.status).toBe('fail')
    expect(result.message).toContain('reads its API key from CUSTOM_KEY (env_key), which is not set')
    expect(result.fix).toContain('"env": {"CUSTOM_KEY": "..."}')
    expect(result.fix).toContain('codex-mcp serve --env CUSTOM_KEY=...')
    expect(result.fix).toContain('codex mcp add codex-mcp --env CUSTOM_KEY=...')
  })

  it('treats an empty value as missing', async () => {
    expect((await credentials({toml: customProvider, env: {CUSTOM_KEY: ''}})).message).toContain('is set but empty')
  })

  it.each([
    ['the shell environment', {env: {CUSTOM_KEY: SECRET}}, 'this shell\'s environment'],
    ['--env', {flagEnv: {CUSTOM_KEY: SECRET}}, 'from --env'],
    ['the codex-mcp config', {rc: {env: {CUSTOM_KEY: SECRET}}}, '"env" in '],
  ])('passes when set in %s, showing only the length', async (_, options, source) => {
    const result = await credentials({toml: customProvider, ...options})
    expect(result.status).toBe('pass')
    expect(result.message).toContain(`CUSTOM_KEY (env_key of provider "custom"): set, ${SECRET.length} chars`)
    expect(result.message).toContain(source)
  })

  it('--env wins over the shell, as in the runner\'s merge', async () => {
    const result = await credentials({toml: customProvider, env: {CUSTOM_KEY: 'x'}, flagEnv: {CUSTOM_KEY: SECRET}})
    expect(result.message).toContain(`set, ${SECRET.length} chars, from --env`)
  })
})

describe('credentials of the built-in OpenAI provider', () => {
  const probeSaying = (result: Partial<ProbeResult>) => async () => ({exitCode: 1, stdout: '', stderr: '', timedOut: false, ...result})
  const base = {
    codexConfig: {location: {codexHome: '/h', file: '/h/config.toml', fromEnv: true}} as never,
    flagEnv: {},
    codexMcpConfig: {fileConfig: {}},
    version: async () => ({state: 'ok' as const, version: '0.169.0'}),
  }

  it('passes a logged-in Codex', async () => {
    const result = await openaiAuthCheck({...base, env: {}, probe: probeSaying({exitCode: 0, stderr: 'Logged in using ChatGPT'})}, 'openai')
    expect(result).toMatchObject({status: 'pass', message: 'Codex login: Logged in using ChatGPT (`codex login status` exit 0)'})
  })

  it('passes with OPENAI_API_KEY when logged out', async () => {
    const result = await openaiAuthCheck({...base, env: {OPENAI_API_KEY: SECRET}, probe: probeSaying({stderr: 'Not logged in'})}, 'openai')
    expect(result.status).toBe('pass')
    expect(result.message).toContain(`OPENAI_API_KEY is set, ${SECRET.length} chars`)
    expect(result.message).not.toContain(SECRET)
  })

  it('fails when logged out without a key, with codex login under the right CODEX_HOME', async () => {
    const result = await openaiAuthCheck({...base, env: {}, probe: probeSaying({stderr: 'Not logged in'})}, 'openai')
    expect(result.status).toBe('fail')
    expect(result.message).toContain('`codex login status`: "Not logged in", exit 1')
    expect(result.fix).toContain('run `CODEX_HOME=/h codex login`')
  })

  it('does not trust `login status` from a binary that is not a working Codex', async () => {
    const result = await openaiAuthCheck({...base, version: async () => ({state: 'unreadable', problem: 'x'}), env: {}, probe: probeSaying({exitCode: 0, stdout: 'Welcome!'})}, 'openai')
    expect(result).toMatchObject({status: 'fail', message: expect.stringContaining('no working Codex')})
  })

  it('asks the real Codex in an empty CODEX_HOME: not logged in', async () => {
    const result = await credentials({})
    expect(result.status).toBe('fail')
    expect(result.message).toContain('"Not logged in", exit 1')
  })
})
