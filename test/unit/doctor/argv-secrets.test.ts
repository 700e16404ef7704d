import {describe, expect, it} from 'vitest'

import {argvSecretChecks} from '../../../src/doctor/checks/argv-secrets.js'
import {readCodexConfig} from '../../../src/doctor/codex-config.js'
import {envValuesOnArgv} from '../../../src/runner/env.js'
import {tempTree} from './helpers.js'

describe('secrets on serve\'s argv', () => {
  it('finds KEY=VALUE pairs, not bare keys', () => {
    expect(envValuesOnArgv(['serve', '--env', 'A=1', '--env=B=2', '--env', 'C', '--model', 'x=y'])).toEqual(['A', 'B'])
  })

  it('warns about a Codex MCP entry and a running serve that carry a value, never printing it', async () => {
    const home = await tempTree({'config.toml': '[mcp_servers.sub]\ncommand = "codex-mcp"\nargs = ["serve", "--env", "K=top-secret"]\n[mcp_servers.ok]\ncommand = "codex-mcp"\nargs = ["serve", "--env", "K"]\n'})
    const results = argvSecretChecks({codexConfig: readCodexConfig({CODEX_HOME: home})}, () => [{pid: 42, argv: ['node', '/x/bin/run.js', 'serve', '--env=K=v']}])
    expect(results.map((r) => [r.id, r.status])).toEqual([
      ['argv-secrets:sub', 'warn'],
      ['argv-secrets:pid-42', 'warn'],
    ])
    expect(JSON.stringify(results)).not.toContain('top-secret')
    expect(results[0].fix).toContain('--env KEY')
  })
})
