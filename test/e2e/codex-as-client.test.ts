import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {binRun, codexWrapper, runCli} from '../support/cli.js'
import {type CodexHome, createCodexHome, STUB_ENV_KEY} from '../support/codex-home.js'
import {processesWithEnv} from '../support/processes.js'
import {type StubProvider, startStubProvider} from '../support/stub-provider.js'

let stub: StubProvider
let outer: CodexHome
let inner: CodexHome

/** The outer Codex's config registers `bin/run.js serve` as an MCP server; its agents use their own CODEX_HOME. */
const mcpServerToml = (innerHome: string) => `
[mcp_servers.subagents]
command = ${JSON.stringify(process.execPath)}
args = [${JSON.stringify(binRun)}, "serve"]
tool_timeout_sec = 30
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
    const result = await runCli(['spawn', '--json', '--', prompt], {env: outer.env})
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
