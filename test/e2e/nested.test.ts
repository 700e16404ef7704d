/**
 * Nested agents (issue 21): with codex-mcp in Codex's own config, every agent's model can call spawn_agent
 * again. The root server's limits — maxDepth, maxConcurrency, sandbox, roots — hold for the whole tree.
 * The stub's [[delegate:NS:N:TAG]] makes each agent delegate to the next level until N is 0.
 */
import {appendFileSync, readFileSync} from 'node:fs'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {binRun, codexClientTmpdir, codexWrapper} from '../support/cli.js'
import {type CodexHome, createCodexHome, STUB_ENV_KEY} from '../support/codex-home.js'
import {engine} from '../support/engine.js'
import {connectServe, type ServeConnection} from '../support/mcp-client.js'
import {processesWithEnv} from '../support/processes.js'
import {type RecordedRequest, type StubProvider, startStubProvider} from '../support/stub-provider.js'

let stub: StubProvider
const homes: CodexHome[] = []

/** codex-mcp as Codex's MCP server "subagents", as the README sets it up: every agent of every level reads it. */
const subagentsToml = (home: string, command: string[]) => `
[mcp_servers.subagents]
command = ${JSON.stringify(command[0])}
args = ${JSON.stringify(command.slice(1))}
tool_timeout_sec = 60
required = true

[mcp_servers.subagents.env]
CODEX_HOME = ${JSON.stringify(home)}
CODEX_MCP_CODEX_PATH = ${JSON.stringify(codexWrapper)}
CODEX_MCP_ENGINE = ${JSON.stringify(engine)}
${STUB_ENV_KEY} = "stub-secret-value"
`

/** A CODEX_HOME whose config hands codex-mcp (run as `command`) to its agents; the nested servers use it too. */
async function treeHome(command: string[] = [process.execPath, binRun, 'serve']): Promise<CodexHome> {
  const home = await createCodexHome(stub.url)
  appendFileSync(`${home.dir}/config.toml`, subagentsToml(home.dir, command))
  homes.push(home)
  return home
}

/** Codex processes of a CODEX_HOME (exec: one per agent; app-server: one per server). */
function codexProcesses(home: string): number[] {
  return processesWithEnv('CODEX_HOME', home).filter((pid) => {
    try {
      return readFileSync(`/proc/${pid}/comm`, 'utf8').trim() === 'codex'
    } catch {
      return false
    }
  })
}

/**
 * Most agents alive at once, from the provider's side (engine-independent): an agent lives from its first
 * model request to the end of its last; an agent is known by its prompt (each level's prompt is unique).
 */
function peakAgents(requests: RecordedRequest[], tag: string): number {
  const spans = new Map<string, [number, number]>()
  for (const request of requests) {
    if (!request.prompt?.includes(tag)) continue
    const span = spans.get(request.prompt) ?? [request.startedAt, request.endedAt ?? Date.now()]
    spans.set(request.prompt, [Math.min(span[0], request.startedAt), Math.max(span[1], request.endedAt ?? Date.now())])
  }
  let peak = 0
  for (const [start] of spans.values()) peak = Math.max(peak, [...spans.values()].filter(([s, e]) => s <= start && start < e).length)
  return peak
}

type ToolResult = {structuredContent: any; content: any; isError?: boolean}

async function withServer<T>(home: CodexHome, args: string[], run: (server: ServeConnection) => Promise<T>): Promise<T> {
  const server = await connectServe(['--max-concurrency', '2', ...args], {...home.env, TMPDIR: codexClientTmpdir})
  try {
    return await run(server)
  } finally {
    await server.close()
  }
}

/** Samples the number of Codex processes while `run` runs (exec: processes are agents). */
async function sampled<T>(home: string, run: () => Promise<T>): Promise<{result: T; peak: number}> {
  let peak = 0
  const timer = setInterval(() => (peak = Math.max(peak, codexProcesses(home).length)), 25)
  try {
    return {result: await run(), peak}
  } finally {
    clearInterval(timer)
  }
}

beforeAll(async () => {
  stub = await startStubProvider()
})
afterAll(async () => {
  await stub.close()
  for (const home of homes) await home.cleanup()
})

const batch = (tag: string, levels = 3) => ({agents: [{prompt: `[[delegate:mcp__subagents:${levels}:${tag}-a]]`}, {prompt: `[[delegate:mcp__subagents:${levels}:${tag}-b]]`}]})

describe('nested agents', () => {
  it('default maxDepth 1: the agents do not get codex-mcp; a batch of 2 delegating 3 levels down answers with 2 agents', async () => {
    const home = await treeHome()
    const {result, peak} = await sampled(home.dir, () =>
      withServer(home, [], (server) => server.client.callTool({name: 'spawn_agents_parallel', arguments: batch('d1')}) as Promise<ToolResult>),
    )
    expect(result.structuredContent.status).toBe('succeeded')
    // Their model had no subagents tools: Codex answered the call itself; no second level ever asked the model.
    const first = stub.requestsFor('d1-a').find((r) => r.prompt === '[[delegate:mcp__subagents:3:d1-a]]')!
    expect(first.body.tools.some((tool: any) => tool.name === 'mcp__subagents')).toBe(false)
    expect(stub.requestsFor('mcp__subagents:2:d1')).toEqual([])
    expect(peakAgents(stub.requests, 'd1-')).toBeLessThanOrEqual(2)
    if (engine === 'exec') expect(peak).toBeGreaterThanOrEqual(1)
    if (engine === 'exec') expect(peak).toBeLessThanOrEqual(2)
    expect(codexProcesses(home.dir)).toEqual([])
  })

  it('an entry codex-mcp cannot recognise still reaches a nested serve that knows its depth: the tools answer forbidden, naming maxDepth', async () => {
    // `sh -c "exec node bin/run.js serve"`: not recognisable as codex-mcp, so the agent keeps the entry;
    // Codex gives the server a trimmed environment, and the server finds the marker in its parent Codex.
    const home = await treeHome(['/bin/sh', '-c', `exec ${JSON.stringify(process.execPath)} ${JSON.stringify(binRun)} serve`])
    const result = (await withServer(home, [], (server) =>
      server.client.callTool({name: 'spawn_agent', arguments: {prompt: '[[delegate:mcp__subagents:3:wrapped]]'}}),
    )) as ToolResult
    expect(result.structuredContent.status).toBe('succeeded')
    expect(result.structuredContent.output).toContain('forbidden')
    expect(result.structuredContent.output).toContain('maxDepth')
    expect(stub.requestsFor('mcp__subagents:2:wrapped')).toEqual([])
    expect(codexProcesses(home.dir)).toEqual([])
  })

  it('maxDepth 3: one budget for the tree — a batch of 2 at --max-concurrency 2 answers, never more than 2 agents alive', async () => {
    const home = await treeHome()
    const {result, peak} = await sampled(home.dir, () =>
      withServer(home, ['--max-depth', '3'], (server) => server.client.callTool({name: 'spawn_agents_parallel', arguments: batch('d3')}) as Promise<ToolResult>),
    )
    expect(result.structuredContent.status).toBe('succeeded')
    // Both slots are the batch's: the nested servers refuse at once instead of waiting for their own parents.
    for (const agent of result.structuredContent.agents) expect(agent.output).toMatch(/forbidden.*agent slots of this tree/s)
    expect(peakAgents(stub.requests, 'd3-')).toBeLessThanOrEqual(2)
    if (engine === 'exec') expect(peak).toBeGreaterThanOrEqual(1)
    if (engine === 'exec') expect(peak).toBeLessThanOrEqual(2)
    expect(codexProcesses(home.dir)).toEqual([])
  })

  it('maxDepth 3: a nested agent takes the free slot; the third level finds none and is refused', async () => {
    const home = await treeHome()
    const {result, peak} = await sampled(home.dir, () =>
      withServer(home, ['--max-depth', '3'], (server) =>
        server.client.callTool({name: 'spawn_agent', arguments: {prompt: '[[delegate:mcp__subagents:3:chain]]'}}) as Promise<ToolResult>,
      ),
    )
    expect(result.structuredContent.status).toBe('succeeded')
    const output = result.structuredContent.output as string
    expect(output).toContain('agent slots of this tree')
    // Level 2 ran (its model was asked); level 3 never was.
    expect(stub.requestsFor('[[delegate:mcp__subagents:2:chain]]').length).toBeGreaterThan(0)
    expect(stub.requestsFor('[[delegate:mcp__subagents:1:chain]]')).toEqual([])
    expect(peakAgents(stub.requests, ':chain]]')).toBeLessThanOrEqual(2)
    if (engine === 'exec') expect(peak).toBeGreaterThanOrEqual(1)
    if (engine === 'exec') expect(peak).toBeLessThanOrEqual(2)
    expect(codexProcesses(home.dir)).toEqual([])
  })
})
