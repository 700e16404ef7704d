import path from 'node:path'
import {describe, expect, it} from 'vitest'

import {codexBinaryCheck} from '../../../src/doctor/checks/codex-binary.js'
import {codexMcpConfigCheck} from '../../../src/doctor/checks/codex-mcp-config.js'
import {gatherContext} from '../../../src/doctor/context.js'
import {codexWrapper} from '../../support/cli.js'
import {isolatedEnv, tempTree} from './helpers.js'

const contextIn = async (files: Record<string, string>, env: Record<string, string> = {}) => {
  const dir = await tempTree({'work/.keep': '', ...files})
  return gatherContext({processEnv: await isolatedEnv(dir, {CODEX_MCP_CODEX_PATH: codexWrapper, ...env}), cwd: path.join(dir, 'work')})
}

describe('the codex-mcp config check', () => {
  it('names the file found and says it is valid', async () => {
    const ctx = await contextIn({'work/.codex-mcprc.json': '{"timeoutMs": 60000}'})
    expect(codexMcpConfigCheck(ctx)).toMatchObject({status: 'pass', message: expect.stringMatching(/work\/\.codex-mcprc\.json \(valid\)$/)})
  })

  it('reports an invalid file with the key, and doctor carries on without it', async () => {
    const ctx = await contextIn({'work/.codex-mcprc.json': '{"timeoutMs": -5}'})
    const result = codexMcpConfigCheck(ctx)
    expect(result.status).toBe('fail')
    expect(result.message).toContain('timeoutMs')
    expect(ctx.config.timeoutMs).toBeUndefined()
  })

  it('is information only when there is no file', async () => {
    expect(codexMcpConfigCheck(await contextIn({})).status).toBe('info')
  })
})

describe('the Codex binary check', () => {
  it('shows the runner\'s own resolution: the wrapper resolved to the native binary', async () => {
    const result = codexBinaryCheck(await contextIn({}))
    expect(result.status).toBe('pass')
    expect(result.message).toMatch(/^Codex binary: .*\/bin\/codex \(from CODEX_MCP_CODEX_PATH, found at .*codex\.js; native binary, no Node wrapper\)$/)
  })

  it('fails with where it looked', async () => {
    const result = codexBinaryCheck(await contextIn({}, {CODEX_MCP_CODEX_PATH: '/nope/codex'}))
    expect(result).toMatchObject({status: 'fail', message: expect.stringContaining('CODEX_MCP_CODEX_PATH is "/nope/codex"')})
    expect(result.fix).toContain('npm install -g @openai/codex@latest')
  })
})
