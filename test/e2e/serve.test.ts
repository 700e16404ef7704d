import {mkdtemp, rm} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import path from 'node:path'
import {spawn as spawnProcess} from 'node:child_process'
import {readdirSync, readFileSync} from 'node:fs'
import {afterAll, afterEach, beforeAll, describe, expect, it} from 'vitest'

import {binRun, cliEnv} from '../support/cli.js'

import {type CodexHome, createCodexHome, STUB_ENV_KEY} from '../support/codex-home.js'
import {connectServe, type ServeConnection} from '../support/mcp-client.js'
import {treePids, treeScript, treeStarted} from '../support/agent-tree.js'
import {isAlive, processesWithEnv, waitFor} from '../support/processes.js'
import {type StubProvider, startStubProvider} from '../support/stub-provider.js'
import {itOnce} from '../support/engine.js'

let stub: StubProvider
let home: CodexHome
let work: string
let server: ServeConnection
const extraServers: ServeConnection[] = []

beforeAll(async () => {
  stub = await startStubProvider()
  home = await createCodexHome(stub.url)
  work = await mkdtemp(path.join(tmpdir(), 'codex-mcp-serve-'))
  server = await connectServe(['--heartbeat', '300ms', '--max-concurrency', '4'], home.env)
})
// The SDK client handles notifications a microtask after responses, so a progress notification written just
// before a result can reach it after the request is gone ("unknown token"): a client-side race, not a bad line.
const readCmdline = (pid: number) => {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8')
  } catch {
    return ''
  }
}
const parentOf = (pid: number) => {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1])
  } catch {
    return undefined
  }
}
const childrenOf = (parent: number) =>
  readdirSync('/proc')
    .map(Number)
    .filter((pid) => Number.isInteger(pid) && parentOf(pid) === parent)

const notJsonRpc = (errors: Error[]) => errors.map(String).filter((e) => !e.includes('progress notification for an unknown token'))
afterEach(() => {
  expect(notJsonRpc(server.transportErrors)).toEqual([]) // stdout carried JSON-RPC only
})
afterAll(async () => {
  await server.close()
  for (const extra of extraServers) await extra.close().catch(() => {})
  await waitFor(() => processesWithEnv('CODEX_HOME', home.dir).length === 0, 20_000, 'no codex left').catch(() => {})
  expect(processesWithEnv('CODEX_HOME', home.dir)).toEqual([])
  await stub.close()
  await home.cleanup()
  await rm(work, {recursive: true, force: true})
})


describe('codex-mcp serve with the SDK Client (real Codex, stub provider)', () => {
  itOnce('lists both tools with input and output schemas', async () => {
    const {tools} = await server.client.listTools()
    const byName = Object.fromEntries(tools.map((t) => [t.name, t]))
    expect(byName.spawn_agent.inputSchema.required).toEqual(['prompt'])
    expect(byName.spawn_agent.outputSchema?.properties).toHaveProperty('output')
    expect(byName.spawn_agents_parallel.inputSchema.required).toEqual(['agents'])
    expect(byName.spawn_agents_parallel.annotations?.destructiveHint).toBe(true)
    expect(byName.spawn_agent.description).toMatch(/WITHOUT a sandbox/)
  })

  it('spawn_agent returns the final message in text and structuredContent', async () => {
    const result = await server.client.callTool({name: 'spawn_agent', arguments: {prompt: 'hello over MCP'}})
    expect(result.isError).toBe(false)
    expect(result.content).toEqual([{type: 'text', text: 'echo: hello over MCP'}])
    expect(result.structuredContent).toMatchObject({status: 'succeeded', output: 'echo: hello over MCP', exitCode: 0, usage: {totalTokens: 110}})
    expect((result.structuredContent as any).threadId).toMatch(/^[0-9a-f-]{36}$/)
  })

  it('spawn_agents_parallel keeps every agent\'s result when one fails', async () => {
    const result = await server.client.callTool({
      name: 'spawn_agents_parallel',
      arguments: {agents: [{prompt: '[[reply:first]]', name: 'one'}, {prompt: '[[status:500]]', name: 'two'}, {prompt: '[[reply:third]]'}]},
    })
    const content = result.structuredContent as any
    expect(result.isError).toBe(false)
    expect(content.status).toBe('partial')
    expect(content.summary).toEqual({total: 3, succeeded: 2, failed: 1, cancelled: 0})
    expect(content.agents.map((a: any) => [a.index, a.name, a.status, a.output])).toEqual([
      [0, 'one', 'succeeded', 'first'],
      [1, 'two', 'failed', ''],
      [2, undefined, 'succeeded', 'third'],
    ])
    expect(content.agents[1].error.kind).toBe('provider-error')
    const text = (result.content as any)[0].text
    expect(text).toContain('2/3 agents succeeded, 1 failed')
    expect(text).toContain('first')
    expect(text).toContain('third')
  })

  it('sends progress and heartbeats that keep a call alive past its timeout', async () => {
    const progress: Array<{progress: number; message?: string}> = []
    const result = await server.client.callTool({name: 'spawn_agent', arguments: {prompt: '[[slow:2500]] [[reply:slow done]]'}}, undefined, {
      timeout: 1000,
      resetTimeoutOnProgress: true,
      onprogress: (p) => progress.push(p),
    })
    expect(result.structuredContent).toMatchObject({status: 'succeeded', output: 'slow done'})
    expect(progress.some((p) => p.message?.startsWith('still running'))).toBe(true)
    // Activity before the heartbeats, not the last event: the SDK Client drops a notification that reaches it in
    // the same read as the result (it handles notifications a microtask later), so the final one may be lost.
    expect(progress.some((p) => !p.message?.startsWith('still running'))).toBe(true)
    for (let i = 1; i < progress.length; i++) expect(progress[i].progress).toBeGreaterThan(progress[i - 1].progress)
  })

  it('reports parallel progress as agents finished / total', async () => {
    const progress: Array<{progress: number; total?: number; message?: string}> = []
    await server.client.callTool(
      {name: 'spawn_agents_parallel', arguments: {agents: [{prompt: '[[reply:a]]', name: 'a'}, {prompt: '[[slow:500]] [[reply:b]]', name: 'b'}]}},
      undefined,
      {onprogress: (p) => progress.push(p)},
    )
    expect(progress).toContainEqual(expect.objectContaining({progress: 1, total: 2}))
    expect(progress.every((p) => p.progress <= 2 && p.total === 2)).toBe(true)
    expect(progress.some((p) => /agent #1 b: /.test(p.message ?? ''))).toBe(true)
  })

  it('cancellation kills the agent tree and the server keeps serving', async () => {
    const dir = await mkdtemp(path.join(work, 'cancel-'))
    const controller = new AbortController()
    const call = server.client.callTool({name: 'spawn_agent', arguments: {prompt: treeScript(dir)}}, undefined, {signal: controller.signal})
    await waitFor(() => treeStarted(dir), 20_000, 'the agent\'s shell command')
    const pids = await treePids(dir)
    controller.abort()
    await expect(call).rejects.toThrow()
    // A condition, not a time: on a loaded machine the 1 s grace plus scheduling can take longer than 2 s.
    await waitFor(() => pids.every((pid) => !isAlive(pid)), 20_000, 'the agent tree to die')
    const next = await server.client.callTool({name: 'spawn_agent', arguments: {prompt: '[[reply:still here]]'}})
    expect(next.structuredContent).toMatchObject({output: 'still here'})
  })

  itOnce('bad arguments: an error naming the field, with structuredContent, and the next call works', async () => {
    const bad = await server.client.callTool({name: 'spawn_agent', arguments: {prompt: '', sandbox: 'yolo'}})
    expect(bad.isError).toBe(true)
    const text = (bad.content as any)[0].text
    expect(text).toMatch(/prompt/)
    expect(text).toMatch(/sandbox/)
    expect(bad.structuredContent).toMatchObject({status: 'failed', error: {kind: 'invalid-input'}})
    const missingCwd = await server.client.callTool({name: 'spawn_agent', arguments: {prompt: 'x', cwd: 'no/such/dir'}})
    expect(missingCwd.isError).toBe(true)
    expect(missingCwd.structuredContent).toMatchObject({status: 'failed', error: {kind: 'bad-cwd'}})
    const ok = await server.client.callTool({name: 'spawn_agent', arguments: {prompt: '[[reply:fine]]'}})
    expect(ok.structuredContent).toMatchObject({output: 'fine'})
  })

  it('sends MCP log messages once the client enables logging', async () => {
    const messages: unknown[] = []
    const {LoggingMessageNotificationSchema} = await import('@modelcontextprotocol/sdk/types.js')
    server.client.setNotificationHandler(LoggingMessageNotificationSchema, (n) => {
      messages.push(n.params)
    })
    await server.client.setLoggingLevel('info')
    await server.client.callTool({name: 'spawn_agent', arguments: {prompt: '[[reply:logged]]'}})
    expect(messages).toContainEqual(expect.objectContaining({level: 'info', data: expect.stringContaining('agent succeeded')}))
  })
})

describe('serve: credentials and shutdown', () => {
  itOnce('exits when its parent dies, even with stdin still open', async () => {
    // `sh` is serve's parent; `sleep` keeps serve's stdin open after sh is killed. serve answers an
    // initialize first: once its answer is in the file, serve is up (no fixed wait).
    const answers = path.join(work, 'parent-dies.out')
    const initialize = JSON.stringify({jsonrpc: '2.0', id: 0, method: 'initialize', params: {protocolVersion: '2025-06-18', capabilities: {}, clientInfo: {name: 't', version: '1'}}})
    const script = `{ printf '%s\\n' '${initialize}'; exec sleep 60; } | ${JSON.stringify(process.execPath)} ${JSON.stringify(binRun)} serve > ${answers}`
    const shell = spawnProcess('sh', ['-c', script], {env: cliEnv(home.env), stdio: 'ignore'})
    const serve = await waitFor(() => childrenOf(shell.pid!).find((pid) => readCmdline(pid).includes('serve')), 10_000, 'serve to start')
    const answered = () => {
      try {
        return readFileSync(answers, 'utf8').includes('"id":0')
      } catch {
        return false
      }
    }
    await waitFor(answered, 30_000, 'serve to answer initialize')
    const sleeper = childrenOf(shell.pid!).find((pid) => readCmdline(pid).startsWith('sleep'))
    process.kill(shell.pid!, 'SIGKILL')
    await waitFor(() => !isAlive(serve), 15_000, 'serve to notice its parent died')
    if (sleeper) process.kill(sleeper, 'SIGKILL')
  })

  it('--env makes an env_key-only credential reach the provider; never logged', async () => {
    const conn = await connectServe(['--env', `${STUB_ENV_KEY}=only-via-flag-123`], {...home.env, [STUB_ENV_KEY]: undefined})
    extraServers.push(conn)
    const result = await conn.client.callTool({name: 'spawn_agent', arguments: {prompt: '[[reply:env ok]] env-check'}})
    expect(result.structuredContent).toMatchObject({status: 'succeeded'})
    expect(stub.requestsFor('env-check').at(-1)?.headers.authorization).toBe('Bearer only-via-flag-123')
    expect(conn.stderr()).not.toContain('only-via-flag-123')
  })

  it('a missing env_key variable is an isError naming it and the ways to pass it', async () => {
    const conn = await connectServe([], {...home.env, [STUB_ENV_KEY]: undefined})
    extraServers.push(conn)
    const result = await conn.client.callTool({name: 'spawn_agent', arguments: {prompt: 'hi'}})
    expect(result.isError).toBe(true)
    expect(result.structuredContent).toMatchObject({error: {kind: 'missing-env-key'}})
    expect((result.content as any)[0].text).toContain(`serve --env ${STUB_ENV_KEY}=`)
  })

  it.each([
    ['SIGTERM', (conn: ServeConnection) => process.kill(conn.pid, 'SIGTERM')],
    ['client disconnect', (conn: ServeConnection) => void conn.close()],
  ])('%s kills every running agent tree and the server exits', async (_, stopServer) => {
    const conn = await connectServe([], home.env)
    const dir = await mkdtemp(path.join(work, 'shutdown-'))
    const call = conn.client.callTool({name: 'spawn_agent', arguments: {prompt: treeScript(dir)}}).catch(() => undefined)
    await waitFor(() => treeStarted(dir), 20_000, 'the agent\'s shell command')
    const pids = await treePids(dir)
    stopServer(conn)
    await waitFor(() => !isAlive(conn.pid), 20_000, 'the server to exit')
    for (const pid of pids) expect(isAlive(pid), `pid ${pid}`).toBe(false)
    await call
    await conn.close().catch(() => {})
  })
})
