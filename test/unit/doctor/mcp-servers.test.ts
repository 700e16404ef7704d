import {chmod} from 'node:fs/promises'
import path from 'node:path'
import {describe, expect, it} from 'vitest'

import {mcpServersCheck} from '../../../src/doctor/checks/mcp-servers.js'
import {readCodexConfig} from '../../../src/doctor/codex-config.js'
import {tempTree} from './helpers.js'

async function servers(toml: string) {
  const home = await tempTree({'config.toml': toml, 'bin/present-mcp': '#!/bin/sh\n'})
  await chmod(path.join(home, 'bin/present-mcp'), 0o755)
  const env = {PATH: path.join(home, 'bin'), CODEX_HOME: home}
  return mcpServersCheck({codexConfig: readCodexConfig(env), env, runOptions: () => ({cwd: home}) as never})
}

describe('Codex\'s own MCP servers', () => {
  it('passes when every enabled stdio command is found (by name on PATH or by path)', async () => {
    const results = await servers('[mcp_servers.a]\ncommand = "present-mcp"\n[mcp_servers.b]\ncommand = "./bin/present-mcp"\n[mcp_servers.web]\nurl = "https://x"\n[mcp_servers.off]\ncommand = "gone"\nenabled = false\n')
    expect(results).toEqual([{id: 'mcp-servers', status: 'pass', message: 'Codex\'s MCP servers: every command found (a, b)'}])
  })

  it('warns about a missing optional server and fails a missing required one', async () => {
    const results = await servers('[mcp_servers.gone]\ncommand = "no-such-mcp"\n[mcp_servers.must]\ncommand = "/nope/mcp"\nrequired = true\n')
    expect(results.map((r) => [r.id, r.status])).toEqual([
      ['mcp-server:gone', 'warn'],
      ['mcp-server:must', 'fail'],
    ])
    expect(results[0].message).toContain('runs "no-such-mcp", which is not on the PATH Codex gets')
    expect(results[0].fix).toContain('enabled = false')
    expect(results[1].message).toContain('required = true, so every agent start fails')
  })

  it('says when there is nothing to check', async () => {
    expect(await servers('model = "m"\n')).toEqual([expect.objectContaining({id: 'mcp-servers', status: 'info'})])
  })
})
