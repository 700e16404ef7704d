import {describe, expect, it} from 'vitest'

import {agentTimeoutMs, clientDeadlineChecks, runsCodexMcpServe} from '../../../src/doctor/checks/client-deadlines.js'
import {readCodexConfig} from '../../../src/doctor/codex-config.js'
import {tempTree} from './helpers.js'

const deadlines = async (toml: string, configTimeoutMs?: number) => {
  const home = await tempTree({'config.toml': toml})
  return {home, results: clientDeadlineChecks({codexConfig: readCodexConfig({CODEX_HOME: home}), config: {timeoutMs: configTimeoutMs}})}
}

describe('recognising codex-mcp serve entries', () => {
  it.each([
    [{command: 'codex-mcp', args: ['serve']}, true],
    [{command: '/usr/local/bin/codex-mcp', args: ['--foo', 'serve', '--env', 'A=b']}, true],
    [{command: 'npx', args: ['-y', 'codex-mcp@latest', 'serve']}, true],
    [{command: 'node', args: ['/repo/bin/run.js', 'serve']}, true],
    [{command: 'codex-mcp', args: ['spawn', 'hi']}, false],
    [{command: 'node', args: ['/repo/server.js']}, false],
    [{command: 'serve', args: []}, false],
  ])('%j → %s', (entry, expected) => {
    expect(runsCodexMcpServe(entry)).toBe(expected)
  })

  it('reads the agent timeout from --timeout, else the config, else 30 min', () => {
    expect(agentTimeoutMs(['serve', '--timeout', '10m'], 5000)).toBe(600_000)
    expect(agentTimeoutMs(['serve', '--timeout=90s'], undefined)).toBe(90_000)
    expect(agentTimeoutMs(['serve'], 5000)).toBe(5000)
    expect(agentTimeoutMs(['serve'], undefined)).toBe(1_800_000)
  })
})

describe('the client deadline check', () => {
  it('warns about the 60 s default with the exact line to add', async () => {
    const {home, results} = await deadlines('[mcp_servers.subagents]\ncommand = "node"\nargs = ["/repo/bin/run.js", "serve"]\n')
    expect(results).toEqual([
      {
        id: 'client-deadline:subagents',
        status: 'warn',
        message:
          'Codex allows codex-mcp serve in [mcp_servers.subagents] 60 s per tool call (Codex\'s default; tool_timeout_sec is not set), a fixed deadline that progress does not reset; agents may run 30 min, so longer calls fail in Codex.',
        fix: `add under [mcp_servers.subagents] in ${home}/config.toml: tool_timeout_sec = 1860 (or let Codex use start_agent + wait_agents, whose calls return within the default)`,
      },
    ])
  })

  it('passes a deadline that covers the agent timeout (from serve --timeout)', async () => {
    const {results} = await deadlines('[mcp_servers.sub]\ncommand = "codex-mcp"\nargs = ["serve", "--timeout", "10m"]\ntool_timeout_sec = 660\n')
    expect(results).toEqual([{id: 'client-deadline:sub', status: 'pass', message: '[mcp_servers.sub] (codex-mcp serve): 660 s per tool call (tool_timeout_sec) covers the agent timeout of 10 min'}])
  })

  it('warns about a deadline shorter than the configured agent timeout, and about a non-number', async () => {
    const short = await deadlines('[mcp_servers.sub]\ncommand = "codex-mcp"\nargs = ["serve"]\ntool_timeout_sec = 300\n', 600_000)
    expect(short.results[0]).toMatchObject({status: 'warn', fix: expect.stringContaining('tool_timeout_sec = 660')})
    const text = await deadlines('[mcp_servers.sub]\ncommand = "codex-mcp"\nargs = ["serve"]\ntool_timeout_sec = "600"\n')
    expect(text.results[0].message).toContain('tool_timeout_sec = "600", not a positive number of seconds')
  })

  it('ignores disabled entries and other servers; says so when there is none', async () => {
    const {results} = await deadlines('[mcp_servers.off]\ncommand = "codex-mcp"\nargs = ["serve"]\nenabled = false\n[mcp_servers.gh]\ncommand = "gh-mcp"\n')
    expect(results).toEqual([expect.objectContaining({id: 'client-deadline', status: 'info'})])
  })
})
