import {describe, expect, it} from 'vitest'

import {nestedAgentsCheck} from '../../../src/doctor/checks/nested-agents.js'
import {readCodexConfig} from '../../../src/doctor/codex-config.js'
import type {Config} from '../../../src/config/schema.js'
import {tempTree} from './helpers.js'

async function nested(toml: string, config: Config = {}) {
  const home = await tempTree({'config.toml': toml})
  return nestedAgentsCheck({codexConfig: readCodexConfig({CODEX_HOME: home}), config})
}

const ours = '[mcp_servers.codex]\ncommand = "npx"\nargs = ["-y", "codex-mcp", "serve"]\n[mcp_servers.docs]\ncommand = "docs-mcp"\n'

describe('nested agents (Codex\'s config runs codex-mcp)', () => {
  it('says nothing when codex-mcp is not among Codex\'s MCP servers', async () => {
    expect(await nested('[mcp_servers.docs]\ncommand = "docs-mcp"\n')).toEqual([])
  })

  it('at maxDepth 1 (the default): info, agents do not get it', async () => {
    const [result] = await nested(ours)
    expect(result).toMatchObject({id: 'nested-agents', status: 'info'})
    expect(result.message).toContain('maxDepth 1')
  })

  it('above 1: warns that agents may start agents, what they share, and how to turn it off', async () => {
    const [result] = await nested(ours, {maxDepth: 3, maxConcurrency: 2})
    expect(result.status).toBe('warn')
    expect(result.message).toContain('maxDepth is 3')
    expect(result.message).toContain('maxConcurrency (2)')
    expect(result.fix).toContain('"maxDepth": 1')
    expect((await nested(ours, {maxDepth: 3, agentMcpServers: ['docs']}))[0].status).toBe('info')
  })
})
