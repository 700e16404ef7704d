import {CallToolResultSchema, CreateTaskResultSchema, GetTaskResultSchema, ResourceUpdatedNotificationSchema} from '@modelcontextprotocol/sdk/types.js'
import {mkdtemp, rm} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import path from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {binRun, codexWrapper, runCli} from '../support/cli.js'
import {type CodexHome, createCodexHome, STUB_ENV_KEY} from '../support/codex-home.js'
import {connectServe, type ServeConnection} from '../support/mcp-client.js'
import {treePids, treeScript, treeStarted} from '../support/agent-tree.js'
import {isAlive, processesWithEnv, waitFor} from '../support/processes.js'
import {type StubProvider, startStubProvider} from '../support/stub-provider.js'
import {itOnce} from '../support/engine.js'

let stub: StubProvider
let home: CodexHome
let work: string
let stateHome: string
let server: ServeConnection

const connect = () => connectServe(['--heartbeat', '500ms'], {...home.env, XDG_STATE_HOME: stateHome})
const call = async (conn: ServeConnection, name: string, args: Record<string, unknown> = {}) =>
  (await conn.client.callTool({name, arguments: args})) as {structuredContent: any; content: any; isError?: boolean}

beforeAll(async () => {
  stub = await startStubProvider()
  home = await createCodexHome(stub.url)
  work = await mkdtemp(path.join(tmpdir(), 'codex-mcp-jobs-'))
  stateHome = await mkdtemp(path.join(tmpdir(), 'codex-mcp-jobs-state-'))
  server = await connect()
})
afterAll(async () => {
  await server.close()
  await waitFor(() => processesWithEnv('CODEX_HOME', home.dir).length === 0, 20_000, 'no codex left').catch(() => {})
  expect(processesWithEnv('CODEX_HOME', home.dir)).toEqual([])
  await stub.close()
  await home.cleanup()
  await rm(work, {recursive: true, force: true})
  await rm(stateHome, {recursive: true, force: true})
})


describe('background jobs (real Codex, stub provider, SDK Client)', () => {
  it('start 3 jobs; wait_agents returns each as it finishes', async () => {
    const ids: string[] = []
    for (const [ms, reply] of [[200, 'fast'], [1500, 'middle'], [3000, 'slow']] as const) {
      const started = await call(server, 'start_agent', {prompt: `[[slow:${ms}]] [[reply:${reply}]]`})
      expect(started.structuredContent).toMatchObject({status: expect.stringMatching(/queued|running/), jobId: expect.any(String)})
      ids.push(started.structuredContent.jobId)
    }
    const first = await call(server, 'wait_agents', {jobIds: ids, mode: 'any', timeoutSeconds: 30})
    expect(first.structuredContent.done).toBe(true)
    const finishedFirst = first.structuredContent.jobs.filter((j: any) => j.status === 'succeeded')
    expect(finishedFirst.map((j: any) => j.agents[0].outcome.output)).toContain('fast')
    expect(first.structuredContent.jobs.find((j: any) => j.jobId === ids[2]).status).not.toBe('succeeded')

    const all = await call(server, 'wait_agents', {jobIds: ids, mode: 'all', timeoutSeconds: 30})
    expect(all.structuredContent.done).toBe(true)
    expect(all.structuredContent.jobs.map((j: any) => j.agents[0].outcome.output)).toEqual(['fast', 'middle', 'slow'])
    expect(all.content[0].text).toContain('slow')

    const listed = await call(server, 'list_agents')
    expect(listed.structuredContent.jobs.map((j: any) => j.jobId)).toEqual(expect.arrayContaining(ids))
    const one = await call(server, 'get_agent', {jobId: ids[1]})
    expect(one.structuredContent.job).toMatchObject({status: 'succeeded', agents: [{outcome: {output: 'middle'}}]})
    expect(one.structuredContent.job.log.length).toBeGreaterThan(0)
  })

  it('wait_agents with a short timeout returns `running` no later than asked', async () => {
    const started = await call(server, 'start_agent', {prompt: '[[slow:4000]] [[reply:late]]'})
    // No timing assertion: `done: false` with the job still running shows it returned at its timeout, not at the end.
    const waited = await call(server, 'wait_agents', {jobIds: [started.structuredContent.jobId], timeoutSeconds: 0.5})
    expect(waited.structuredContent).toMatchObject({done: false, jobs: [{status: 'running'}]})
    expect(waited.content[0].text).toContain('call wait_agents again')
  })

  it('cancel_agent kills the whole tree and the job is `cancelled`', async () => {
    const dir = await mkdtemp(path.join(work, 'cancel-'))
    const started = await call(server, 'start_agent', {prompt: treeScript(dir)})
    await waitFor(() => treeStarted(dir), 20_000, 'the agent\'s shell command')
    const pids = await treePids(dir)
    const cancelled = await call(server, 'cancel_agent', {jobId: started.structuredContent.jobId})
    expect(cancelled.structuredContent).toMatchObject({cancelled: true, job: {status: 'cancelled'}})
    for (const pid of pids) expect(isAlive(pid), `pid ${pid}`).toBe(false)
  })

  it('each job is a resource; subscribers hear of its changes', async () => {
    const updated: string[] = []
    server.client.setNotificationHandler(ResourceUpdatedNotificationSchema, (n) => void updated.push(n.params.uri))
    const started = await call(server, 'start_agent', {prompt: '[[slow:300]] [[reply:as a resource]]'})
    const uri = `codex-mcp://jobs/${started.structuredContent.jobId}`
    await server.client.subscribeResource({uri})
    await call(server, 'wait_agents', {jobIds: [started.structuredContent.jobId]})
    await waitFor(() => updated.includes(uri), 20_000, 'resources/updated')
    const {resources} = await server.client.listResources()
    expect(resources.map((r) => r.uri)).toContain(uri)
    const read = await server.client.readResource({uri})
    expect(JSON.parse((read.contents[0] as {text: string}).text)).toMatchObject({status: 'succeeded', agents: [{outcome: {output: 'as a resource'}}]})
  })

  it('unknown job ids are a clear isError', async () => {
    const result = await call(server, 'get_agent', {jobId: 'nope'})
    expect(result.isError).toBe(true)
    expect(result.structuredContent.error.message).toContain('No job nope')
  })

  it('a task-augmented spawn_agent completes through tasks/get and tasks/result', async () => {
    const created = await server.client.request(
      {method: 'tools/call', params: {name: 'spawn_agent', arguments: {prompt: '[[slow:500]] [[reply:as a task]]'}, task: {ttl: 60_000}}},
      CreateTaskResultSchema,
    )
    const taskId = created.task.taskId
    expect(created.task.status).toBe('working')
    await waitFor(async () => {
      const task = await server.client.request({method: 'tasks/get', params: {taskId}}, GetTaskResultSchema)
      return task.status === 'completed'
    }, 20_000, 'the task to complete')
    const result = await server.client.request({method: 'tasks/result', params: {taskId}}, CallToolResultSchema)
    expect(result.structuredContent).toMatchObject({status: 'succeeded', output: 'as a task'})
    // The same job is visible to the job tools.
    const job = await call(server, 'get_agent', {jobId: taskId})
    expect(job.structuredContent.job.status).toBe('succeeded')
  })

  it('tasks/cancel kills a task-augmented agent\'s tree', async () => {
    const dir = await mkdtemp(path.join(work, 'task-cancel-'))
    const created = await server.client.request(
      {method: 'tools/call', params: {name: 'spawn_agent', arguments: {prompt: treeScript(dir)}, task: {ttl: 60_000}}},
      CreateTaskResultSchema,
    )
    await waitFor(() => treeStarted(dir), 20_000, 'the agent\'s shell command')
    const pids = await treePids(dir)
    const cancelled = await server.client.request({method: 'tasks/cancel', params: {taskId: created.task.taskId}}, GetTaskResultSchema)
    expect(cancelled.status).toBe('cancelled')
    for (const pid of pids) expect(isAlive(pid), `pid ${pid}`).toBe(false)
    const job = await call(server, 'get_agent', {jobId: created.task.taskId})
    expect(job.structuredContent.job.status).toBe('cancelled')
  })

  it('reply_agent continues a thread: the model sees the earlier turn', async () => {
    const first = await call(server, 'spawn_agent', {prompt: '[[reply:noted]] remember the word zebra-42'})
    const threadId = first.structuredContent.threadId
    const second = await call(server, 'reply_agent', {threadId, prompt: 'which word? follow-up-1'})
    expect(second.structuredContent).toMatchObject({status: 'succeeded', threadId})
    const request = stub.requestsFor('follow-up-1').at(-1)!
    expect(JSON.stringify(request.body.input)).toContain('remember the word zebra-42')
  })

  it('reply_agent with an unknown thread is a clear isError', async () => {
    const result = await call(server, 'reply_agent', {threadId: '01a2134a-0000-7000-8000-000000000000', prompt: 'hello'})
    expect(result.isError).toBe(true)
    expect(result.structuredContent.error.kind).toBe('unknown-thread')
  })
})

describe('jobs across server restarts', () => {
  it('finished results survive a restart and reply_agent still works', async () => {
    const a = await connect()
    const started = await call(a, 'start_agent', {prompt: '[[reply:before restart]] restart-thread'})
    const jobId = started.structuredContent.jobId
    await call(a, 'wait_agents', {jobIds: [jobId], timeoutSeconds: 30})
    await a.close()
    const b = await connect()
    const job = await call(b, 'get_agent', {jobId})
    expect(job.structuredContent.job).toMatchObject({status: 'succeeded', agents: [{outcome: {output: 'before restart'}}]})
    const threadId = job.structuredContent.job.agents[0].outcome.threadId
    const reply = await call(b, 'reply_agent', {threadId, prompt: '[[reply:after restart]] still there?'})
    expect(reply.structuredContent).toMatchObject({status: 'succeeded', output: 'after restart', threadId})
    await b.close()
  })

  it('a job running when the server was SIGKILLed shows as `lost`, and its processes are reaped', async () => {
    const a = await connect()
    const dir = await mkdtemp(path.join(work, 'lost-'))
    const started = await call(a, 'start_agent', {prompt: treeScript(dir)})
    await waitFor(() => treeStarted(dir), 20_000, 'the agent\'s shell command')
    const pids = await treePids(dir)
    process.kill(a.pid, 'SIGKILL')
    await waitFor(() => !isAlive(a.pid), 20_000, 'the server to die')
    const b = await connect()
    const job = await call(b, 'get_agent', {jobId: started.structuredContent.jobId})
    expect(job.structuredContent.job.status).toBe('lost')
    await waitFor(() => pids.every((pid) => !isAlive(pid)), 20_000, 'the lost agent\'s processes to be reaped')
    await b.close()
    await a.close().catch(() => {})
  })
})

describe('the real Codex CLI as MCP client with tool_timeout_sec = 5', () => {
  itOnce('completes an 8-second agent through start_agent + wait_agents', async () => {
    const inner = await createCodexHome(stub.url)
    const outer = await createCodexHome(
      stub.url,
      `
[mcp_servers.subagents]
command = ${JSON.stringify(process.execPath)}
args = [${JSON.stringify(binRun)}, "serve"]
tool_timeout_sec = 5
# Codex waits for the server before the first turn; otherwise a slow start (a loaded machine) leaves its tools out.
required = true

[mcp_servers.subagents.env]
CODEX_HOME = ${JSON.stringify(inner.dir)}
CODEX_MCP_CODEX_PATH = ${JSON.stringify(codexWrapper)}
XDG_STATE_HOME = ${JSON.stringify(stateHome)}
${STUB_ENV_KEY} = "inner-secret"
`,
    )
    try {
      // The outer Codex is an agent of `codex-mcp spawn`: its serve is nested, --max-depth 2 lets it start agents.
      const prompt = '[[poll-job:mcp__subagents:<<slow:8000>> <<reply:eight seconds later>>]]'
      const started = Date.now()
      const result = await runCli(['spawn', '--json', '--max-depth', '2', '--', prompt], {env: outer.env})
      const json = JSON.parse(String(result.stdout))
      expect(json.status).toBe('succeeded')
      expect(json.output).toContain('eight seconds later')
      expect(Date.now() - started).toBeGreaterThan(8000)
      expect(processesWithEnv('CODEX_HOME', inner.dir)).toEqual([])
    } finally {
      await inner.cleanup()
      await outer.cleanup()
    }
  }, 90_000)
})
