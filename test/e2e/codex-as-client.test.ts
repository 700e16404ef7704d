import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {binRun, codexClientTmpdir, codexWrapper, runCli} from '../support/cli.js'
import {type CodexHome, createCodexHome, STUB_ENV_KEY} from '../support/codex-home.js'
import {itOnDefaultEngine} from '../support/engine.js'
import {processesWithEnv} from '../support/processes.js'
import {type StubProvider, startStubProvider} from '../support/stub-provider.js'

let stub: StubProvider
let outer: CodexHome
let inner: CodexHome

/**
 * The outer Codex's config registers `bin/run.js serve` as an MCP server; its agents use their own CODEX_HOME.
 * The outer Codex is itself an agent of `codex-mcp spawn`, so the inner serve is nested: --max-depth 2 lets it
 * start agents (the default, 1, turns codex-mcp off for agents; test/e2e/nested.test.ts).
 */
const mcpServerToml = (innerHome: string) => `
[mcp_servers.subagents]
command = ${JSON.stringify(process.execPath)}
args = [${JSON.stringify(binRun)}, "serve"]
tool_timeout_sec = 30
# Codex waits for the server before the first turn; otherwise a slow start (a loaded machine) leaves its tools out.
required = true

[mcp_servers.subagents.env]
CODEX_HOME = ${JSON.stringify(innerHome)}
CODEX_MCP_CODEX_PATH = ${JSON.stringify(codexWrapper)}
${STUB_ENV_KEY} = "inner-secret"
`

beforeAll(async () => {
  stub = await startStubProvider()
  inner = await createCodexHome(stub.url)
  outer = await createCodexHome(stub.url, mcpServerToml(inner.dir))
})
afterAll(async () => {
  await stub.close()
  await outer.cleanup()
  await inner.cleanup()
})

describe('the real Codex CLI as MCP client', () => {
  it('calls spawn_agent; the inner agent\'s answer reaches the outer agent\'s final message', async () => {
    const prompt = '[[mcp:mcp__subagents/spawn_agent:{"prompt":"inner task 42"}]]'
    const result = await runCli(['spawn', '--json', '--max-depth', '2', '--', prompt], {env: {...outer.env, TMPDIR: codexClientTmpdir}})
    const json = JSON.parse(String(result.stdout))
    expect(json.status).toBe('succeeded')
    expect(json.output).toContain('tool said:')
    expect(json.output).toContain('echo: inner task 42')
    // The inner agent ran against the same stub, with the credential from the MCP server's env table.
    const innerRequest = stub.requestsFor('inner task 42').find((r) => r.prompt === 'inner task 42')
    expect(innerRequest?.headers.authorization).toBe('Bearer inner-secret')
    // The tool was offered to the outer model in Codex 0.169's namespace shape.
    const outerRequest = stub.requestsFor('mcp__subagents')[0]
    const namespace = outerRequest.body.tools.find((t: any) => t.name === 'mcp__subagents')
    expect(namespace.tools.map((t: any) => t.name)).toEqual(expect.arrayContaining(['spawn_agent', 'spawn_agents_parallel']))
    expect(processesWithEnv('CODEX_HOME', inner.dir)).toEqual([])
    expect(processesWithEnv('CODEX_HOME', outer.dir)).toEqual([])
  })
})

describe('the real Codex CLI as MCP client with a short tool_timeout_sec', () => {
  itOnDefaultEngine('completes an agent 4× longer than the deadline: spawn_agent answers `running` + next in time, wait_agents brings the result', async () => {
    // Nothing is set on codex-mcp's side: the server finds Codex's deadline in Codex's own config.
    const deadlineSec = 6
    const short = await createCodexHome(stub.url, mcpServerToml(inner.dir).replace('tool_timeout_sec = 30', `tool_timeout_sec = ${deadlineSec}`))
    try {
      const innerPrompt = `<<slow:${4 * deadlineSec * 1000}>> <<reply:done after a long while>>`
      const prompt = `codex-deadline [[follow:mcp__subagents/spawn_agent:${JSON.stringify({prompt: innerPrompt})}]]`
      const result = await runCli(['spawn', '--json', '--max-depth', '2', '--', prompt], {env: short.env, timeout: 170_000})
      const json = JSON.parse(String(result.stdout))
      expect(json.status).toBe('succeeded')
      expect(json.output).toContain('done after a long while')
      // What the outer model saw, call by call: Codex gives it the structuredContent as JSON.
      const last = stub.requestsFor('codex-deadline').at(-1)!
      const calls = last.body.input.filter((item: any) => item.type === 'function_call').map((item: any) => item.name)
      const outputs = last.body.input.filter((item: any) => item.type === 'function_call_output').map((item: any) => String(item.output))
      expect(calls[0]).toBe('spawn_agent')
      expect(calls.slice(1).every((name: string) => name === 'wait_agents')).toBe(true)
      expect(outputs[0]).toMatch(/"status":"running".*"next":\{"tool":"wait_agents","arguments":\{"jobIds":\["[0-9a-f-]{36}"\]\}/)
      expect(outputs.at(-1)).toMatch(/"done":true/)
      // Not one call ran into Codex's deadline.
      for (const output of outputs) expect(output).not.toMatch(/timed out|timeout|deadline has elapsed/i)
      expect(processesWithEnv('CODEX_HOME', inner.dir)).toEqual([])
    } finally {
      await short.cleanup()
    }
  }, 180_000)
})
