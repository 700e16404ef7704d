import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {type ClaudeRun, runClaude} from '../support/claude-code.js'
import {codexWrapper} from '../support/cli.js'
import {type CodexHome, createCodexHome} from '../support/codex-home.js'
import {processesWithEnv, waitFor} from '../support/processes.js'
import {type StubAnthropic, startStubAnthropic} from '../support/stub-anthropic.js'
import {type StubProvider, startStubProvider} from '../support/stub-provider.js'

/**
 * The real Claude Code 2.1.332 (headless, `claude -p`) with `codex-mcp serve` as its MCP server, against a stub
 * Anthropic API that scripts the model (stub-anthropic.ts) and a stub OpenAI provider for the inner agents.
 * Each test asserts what Claude Code handed its model: on success only structuredContent (as JSON text), on
 * isError only the text.
 */
let api: StubAnthropic
let provider: StubProvider
let home: CodexHome
const runs: ClaudeRun[] = []

const claude = async (prompt: string, env: Record<string, string> = {}) => {
  const run = await runClaude(prompt, {
    apiUrl: api.url,
    serverEnv: {...home.env, CODEX_MCP_CODEX_PATH: codexWrapper},
    serveArgs: ['--heartbeat', '1s'],
    env,
  })
  runs.push(run)
  expect(run.exitCode, run.stderr).toBe(0)
  expect(run.events.at(-1)).toMatchObject({type: 'result', subtype: 'success'})
  return run
}
const seen = (marker: string) => api.toolResults(marker)
const json = (text: string) => JSON.parse(text)

beforeAll(async () => {
  api = await startStubAnthropic()
  provider = await startStubProvider()
  home = await createCodexHome(provider.url)
})
afterAll(async () => {
  await waitFor(() => processesWithEnv('CODEX_HOME', home.dir).length === 0, 20_000, 'no codex left').catch(() => {})
  expect(processesWithEnv('CODEX_HOME', home.dir)).toEqual([])
  await api.close()
  await provider.close()
  await home.cleanup()
})

describe('Claude Code as the MCP client', () => {
  it('spawn_agent: the model sees the agent\'s final message in structuredContent', async () => {
    await claude('cc-spawn [[call:spawn_agent:{"prompt":"<<reply:the answer is 42>>"}]]')
    const [result] = seen('cc-spawn')
    expect(result.isError).toBe(false)
    expect(json(result.text)).toMatchObject({status: 'succeeded', output: 'the answer is 42', threadId: expect.any(String)})
  }, 180_000)

  it('a batch of 3 with one failure: the model sees the headline, the counts and every agent', async () => {
    const agents = [
      {name: 'one', prompt: '<<reply:first done>>'},
      {name: 'two', prompt: '<<status:500>> this one fails'},
      {name: 'three', prompt: '<<reply:third done>>'},
    ]
    await claude(`cc-batch [[call:spawn_agents_parallel:${JSON.stringify({agents})}]]`)
    const [result] = seen('cc-batch')
    const shown = json(result.text)
    expect(shown).toMatchObject({status: 'partial', headline: '2/3 agents succeeded, 1 failed.', summary: {total: 3, succeeded: 2, failed: 1, cancelled: 0}})
    expect(shown.agents.map((a: any) => [a.name, a.status])).toEqual([['one', 'succeeded'], ['two', 'failed'], ['three', 'succeeded']])
    expect(shown.agents[1].error).toMatchObject({kind: expect.any(String), message: expect.any(String)})
  }, 180_000)

  it('errors: the model sees the text, with what went wrong and the fix; a misspelt key is named', async () => {
    await claude('cc-errors [[call:spawn_agent:{"promt":"typo"}]] [[call:spawn_agent:{"prompt":"x","cwd":"/nonexistent/codex-mcp-dir"}]]')
    const [typo, badCwd] = seen('cc-errors')
    expect(typo.isError).toBe(true)
    expect(typo.text).toContain('unknown key `promt`')
    expect(badCwd.isError).toBe(true)
    expect(badCwd.text).toContain('/nonexistent/codex-mcp-dir')
    expect(badCwd.text).toMatch(/Fix: /)
  }, 180_000)

  it('start_agent + wait_agents: `running` with the exact next call, which the model makes', async () => {
    await claude('cc-start [[call:start_agent:{"prompt":"<<slow:3000>> <<reply:started and done>>"}]] [[follow-next]]')
    const [start, ...waits] = seen('cc-start')
    const started = json(start.text)
    expect(started).toMatchObject({status: 'running', agents: [{status: 'running'}], next: {tool: 'wait_agents', arguments: {jobIds: [started.jobId]}}})
    expect(waits.length).toBeGreaterThanOrEqual(1)
    expect(waits.every((w) => w.tool === 'wait_agents')).toBe(true)
    const last = json(waits.at(-1)!.text)
    expect(last).toMatchObject({done: true, headline: '1/1 jobs finished.', jobs: [{status: 'succeeded', agents: [{outcome: {output: 'started and done'}}]}]})
    expect(last.next).toBeUndefined()
  }, 180_000)

  it('past a short MCP_TOOL_TIMEOUT: spawn_agent answers `running` + next in time, and wait_agents brings the result', async () => {
    // The server sees MCP_TOOL_TIMEOUT (Claude Code passes its environment to the servers it starts) and answers
    // before it; the agent runs on as a job. Nothing ever waits for the deadline to pass.
    const run = await claude('cc-deadline [[call:spawn_agent:{"prompt":"<<slow:12000>> <<reply:slow but sure>>"}]] [[follow-next]]', {MCP_TOOL_TIMEOUT: '5000'})
    const [first, ...waits] = seen('cc-deadline')
    const running = json(first.text)
    expect(first.isError).toBe(false)
    expect(running).toMatchObject({status: 'running', jobId: expect.any(String), next: {tool: 'wait_agents', arguments: {jobIds: [running.jobId]}}})
    const last = json(waits.at(-1)!.text)
    expect(last).toMatchObject({done: true, jobs: [{status: 'succeeded', agents: [{outcome: {output: 'slow but sure'}}]}]})
    expect(waits.every((w) => !w.isError)).toBe(true)
    expect(run.debugLog).not.toMatch(/timed out|timeout after/i)
  }, 180_000)

  it('Claude Code\'s debug logs show no connection error in any of these sessions', () => {
    expect(runs.length).toBeGreaterThanOrEqual(5)
    for (const run of runs) {
      expect(run.debugLog).toContain('MCP server "subagents": Successfully connected')
      // The MCP connection's errors (the Messages API stub's connection is another matter).
      expect(run.debugLog).not.toMatch(/MCP server "subagents".*(error|dropped)|unknown token|STDIO connection dropped/i)
    }
  })
})
