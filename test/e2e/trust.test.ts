/**
 * The trust boundary: whatever a tool call sends, an agent gets no more than the person who started `serve`
 * allowed (flags, config file, environment). Real `bin/run.js serve`, the SDK's real Client, real Codex + stub.
 */
import {Client} from '@modelcontextprotocol/sdk/client/index.js'
import {StdioClientTransport} from '@modelcontextprotocol/sdk/client/stdio.js'
import {CallToolResultSchema, CreateTaskResultSchema, GetTaskResultSchema} from '@modelcontextprotocol/sdk/types.js'
import {chmod, mkdir, mkdtemp, readFile, readdir, rm, stat, symlink, writeFile} from 'node:fs/promises'
import {existsSync, readFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import path from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {binRun, cliEnv, repoRoot, runCli} from '../support/cli.js'
import {type CodexHome, createCodexHome, STUB_ENV_KEY} from '../support/codex-home.js'
import {itOnce} from '../support/engine.js'
import {connectServe, type ServeConnection} from '../support/mcp-client.js'
import {processesWithEnv, waitFor} from '../support/processes.js'
import {type StubProvider, startStubProvider} from '../support/stub-provider.js'

let stub: StubProvider
let home: CodexHome
let work: string
const opened: ServeConnection[] = []

type ToolResult = {structuredContent: any; content: Array<{type: string; text: string}>; isError?: boolean}
const call = async (conn: ServeConnection, name: string, args: Record<string, unknown>) =>
  (await conn.client.callTool({name, arguments: args})) as ToolResult

async function serve(args: string[], env: Record<string, string> = {}): Promise<ServeConnection> {
  const conn = await connectServe(args, {...home.env, XDG_STATE_HOME: path.join(work, 'state'), ...env})
  opened.push(conn)
  return conn
}

/** Codex processes of this file's CODEX_HOME (its serve processes carry the variable too, so match the binary). */
const codexProcesses = () =>
  processesWithEnv('CODEX_HOME', home.dir).filter((pid) => {
    try {
      return readFileSync(`/proc/${pid}/comm`, 'utf8').trim() === 'codex'
    } catch {
      return false
    }
  })

/** oclif wraps messages at the terminal width and prefixes ` › `: compare meaning, not line breaks. */
const unwrapped = (text: unknown) => String(text).replace(/\s*›\s*/g, ' ').replace(/\s+/g, ' ')

/**
 * Runs `fn` and checks Codex was never asked to do anything meanwhile: no model request, no Codex process started
 * (on app-server the server's warm `codex app-server` from an earlier agent may live on: it is not new).
 */
async function withoutAgent<T>(fn: () => Promise<T>): Promise<T> {
  const before = stub.requests.length
  const running = codexProcesses()
  const result = await fn()
  expect(stub.requests.length).toBe(before)
  expect(codexProcesses().filter((pid) => !running.includes(pid))).toEqual([])
  return result
}

beforeAll(async () => {
  stub = await startStubProvider()
  home = await createCodexHome(stub.url)
  work = await mkdtemp(path.join(tmpdir(), 'codex-mcp-trust-'))
})
afterAll(async () => {
  await Promise.all(opened.map((conn) => conn.close()))
  await waitFor(() => codexProcesses().length === 0, 10_000, 'no codex left').catch(() => {})
  await stub.close()
  await home.cleanup()
  await rm(work, {recursive: true, force: true})
})

describe('thread ids never reach Codex as anything but a thread id', () => {
  const hostile = [
    '--last',
    '-c',
    '-cmodel_providers.stub.base_url="http://127.0.0.1:9/v1"',
    '--config=mcp_servers.x.command="touch"',
    '--dangerously-bypass-approvals-and-sandbox',
    '../../etc',
    'a b',
    '-',
    '019a2b3c-4d5e-7f60-8a9b-0c1d2e3f4a5b --last',
  ]

  // Refusals before any agent starts (withoutAgent checks): the engine plays no part, once is enough.
  itOnce.each(hostile)('reply_agent and start_agent refuse threadId %j as invalid-input naming the field', async (threadId) => {
    const conn = opened[0] ?? (await serve([]))
    for (const tool of ['reply_agent', 'start_agent']) {
      const result = await withoutAgent(() => call(conn, tool, {threadId, prompt: 'hi'}))
      expect(result.isError).toBe(true)
      expect(result.structuredContent.error.kind).toBe('invalid-input')
      expect(result.structuredContent.error.message).toContain('threadId')
    }
  })

  it('a well-formed id Codex does not know is unknown-thread, never a silent new thread', async () => {
    const conn = opened[0] ?? (await serve([]))
    const result = await call(conn, 'reply_agent', {threadId: '019a2b3c-4d5e-7f60-8a9b-0c1d2e3f4a5b', prompt: 'hi'})
    expect(result.isError).toBe(true)
    expect(result.structuredContent.error.kind).toBe('unknown-thread')
  })

  itOnce('spawn --resume refuses a flag-like id with exit 2 before starting Codex', async () => {
    const before = stub.requests.length
    const result = await runCli(['spawn', '--resume=--last', '--json', 'hi'], {env: home.env, cwd: work})
    expect(result.exitCode).toBe(2)
    expect(unwrapped(String(result.stderr) + String(result.stdout))).toMatch(/not a Codex thread id/)
    expect(stub.requests.length).toBe(before)
  })

  itOnce('model and profile that look like flags or paths are refused', async () => {
    const conn = opened[0] ?? (await serve([]))
    for (const args of [{model: '--config=model_provider="evil"'}, {model: '-c'}, {profile: '../../tmp/evil'}, {profile: '-c'}]) {
      const result = await withoutAgent(() => call(conn, 'spawn_agent', {prompt: 'hi', ...args}))
      expect(result.isError).toBe(true)
      expect(result.structuredContent.error.kind).toBe('invalid-input')
      expect(result.structuredContent.error.message).toContain(Object.keys(args)[0])
    }
  })
})

describe('sandbox ceiling', () => {
  it('a read-only server refuses danger-full-access and workspace-write with `forbidden`; no agent starts', async () => {
    const conn = await serve(['--sandbox', 'read-only'])
    for (const sandbox of ['danger-full-access', 'workspace-write']) {
      const result = await withoutAgent(() => call(conn, 'spawn_agent', {prompt: 'write a file', sandbox}))
      expect(result.isError).toBe(true)
      expect(result.structuredContent.error).toMatchObject({kind: 'forbidden', fix: expect.stringContaining('--sandbox-ceiling')})
      expect(result.content[0].text).toContain('forbidden')
    }
    const started = await withoutAgent(() => call(conn, 'start_agent', {prompt: 'x', sandbox: 'danger-full-access'}))
    expect(started.isError).toBe(true)
    expect(started.structuredContent.error.kind).toBe('forbidden')

    const batch = await withoutAgent(() =>
      call(conn, 'spawn_agents_parallel', {agents: [{prompt: 'a', sandbox: 'danger-full-access'}, {prompt: 'b', sandbox: 'workspace-write'}]}),
    )
    expect(batch.structuredContent.agents.map((agent: any) => agent.error.kind)).toEqual(['forbidden', 'forbidden'])

    const same = await call(conn, 'spawn_agent', {prompt: '[[reply:read-only ok]]', sandbox: 'read-only'})
    expect(same.structuredContent).toMatchObject({status: 'succeeded', output: 'read-only ok'})
  })

  it('a task-augmented call (MCP Tasks) is held to the same ceiling', async () => {
    const conn = await serve(['--sandbox', 'read-only'])
    const running = codexProcesses() // other servers' warm app-servers (app-server engine) are not this call's
    const created = await withoutAgent(() =>
      conn.client.request(
        {method: 'tools/call', params: {name: 'spawn_agent', arguments: {prompt: 'x', sandbox: 'danger-full-access'}, task: {ttl: 60_000}}},
        CreateTaskResultSchema,
      ),
    )
    const taskId = created.task.taskId
    await waitFor(async () => (await conn.client.request({method: 'tasks/get', params: {taskId}}, GetTaskResultSchema)).status !== 'working', 20_000, 'the task to end')
    const result = await conn.client.request({method: 'tasks/result', params: {taskId}}, CallToolResultSchema)
    expect(result.structuredContent).toMatchObject({status: 'failed', error: {kind: 'forbidden'}})
    expect(codexProcesses().filter((pid) => !running.includes(pid))).toEqual([])
  })

  it('--sandbox-ceiling lets calls go up to it and no further', async () => {
    const conn = await serve(['--sandbox', 'read-only', '--sandbox-ceiling', 'workspace-write'])
    const allowed = await call(conn, 'spawn_agent', {prompt: '[[reply:ww ok]]', sandbox: 'workspace-write'})
    expect(allowed.structuredContent).toMatchObject({status: 'succeeded', output: 'ww ok'})
    const refused = await withoutAgent(() => call(conn, 'spawn_agent', {prompt: 'x', sandbox: 'danger-full-access'}))
    expect(refused.structuredContent.error.kind).toBe('forbidden')
  })
})

describe('working directories stay inside allowedRoots', () => {
  let root: string
  let outside: string
  let conn: ServeConnection
  beforeAll(async () => {
    root = path.join(work, 'root')
    outside = path.join(work, 'outside')
    await mkdir(path.join(root, 'sub'), {recursive: true})
    await mkdir(outside, {recursive: true})
    await symlink(outside, path.join(root, 'escape'))
    conn = await serve(['--cd', root])
  })

  // Refusals before any agent starts: once is enough.
  itOnce.each([
    ['an absolute path elsewhere', () => outside],
    ['the filesystem root', () => '/'],
    ['a relative path that climbs out', () => '../outside'],
    ['a symlink inside that points outside', () => path.join(root, 'escape')],
    ['a path through that symlink', () => path.join(root, 'escape', 'deeper')],
  ])('refuses %s with `forbidden`', async (_what, cwd) => {
    const result = await withoutAgent(() => call(conn, 'spawn_agent', {prompt: 'x', cwd: cwd()}))
    expect(result.isError).toBe(true)
    expect(result.structuredContent.error).toMatchObject({kind: 'forbidden', fix: expect.stringContaining('--allowed-root')})
  })

  it('allows a directory inside the root', async () => {
    const result = await call(conn, 'spawn_agent', {prompt: '[[reply:inside]]', cwd: 'sub'})
    expect(result.structuredContent).toMatchObject({status: 'succeeded', output: 'inside'})
    const seen = stub.requestsFor('[[reply:inside]]')[0]
    expect(JSON.stringify(seen.body.input)).toContain(`<cwd>${path.join(root, 'sub')}</cwd>`)
  })

  it('--allowed-root widens the roots explicitly', async () => {
    const wider = await serve(['--cd', root, '--allowed-root', root, '--allowed-root', outside])
    const result = await call(wider, 'spawn_agent', {prompt: '[[reply:outside ok]]', cwd: outside})
    expect(result.structuredContent).toMatchObject({status: 'succeeded', output: 'outside ok'})
  })

  itOnce('a tasks file cannot leave the roots either (parallel exits 2, runs nothing)', async () => {
    const file = path.join(work, 'tasks.json')
    await writeFile(file, JSON.stringify([{prompt: 'a', cwd: outside}]))
    const before = stub.requests.length
    const result = await runCli(['parallel', file, '--cd', root], {env: home.env, cwd: work})
    expect(result.exitCode).toBe(2)
    expect(unwrapped(result.stderr)).toContain('outside the directories this codex-mcp allows')
    expect(stub.requests.length).toBe(before)
  })
})

describe('per-call profile', () => {
  it('is refused with `forbidden` when the config sets allowPerCallProfile: false', async () => {
    const config = path.join(work, 'no-profiles.json')
    await writeFile(config, JSON.stringify({allowPerCallProfile: false}))
    const conn = await serve(['--config', config])
    const result = await withoutAgent(() => call(conn, 'spawn_agent', {prompt: 'x', profile: 'fast'}))
    expect(result.structuredContent.error).toMatchObject({kind: 'forbidden', fix: expect.stringContaining('allowPerCallProfile')})
  })
})

describe('state on disk', () => {
  /** serve started by a shell with umask 022, as most users' are. */
  async function serveWithUmask(stateHome: string): Promise<Client> {
    const transport = new StdioClientTransport({
      command: '/bin/sh',
      args: ['-c', 'umask 022 && exec "$0" "$@"', process.execPath, binRun, 'serve'],
      env: cliEnv({...home.env, XDG_STATE_HOME: stateHome}),
      cwd: repoRoot,
      stderr: 'pipe',
    })
    const client = new Client({name: 'trust-test', version: '1.0.0'})
    await client.connect(transport)
    return client
  }

  it('the state dir is 0700 and every job file 0600 under umask 022, even if the dir was 0755 before', async () => {
    const stateHome = path.join(work, 'umask-state')
    const dir = path.join(stateHome, 'codex-mcp')
    await mkdir(dir, {recursive: true})
    await chmod(dir, 0o755)
    const client = await serveWithUmask(stateHome)
    try {
      const started = (await client.callTool({name: 'start_agent', arguments: {prompt: '[[reply:private]]'}})) as ToolResult
      const {jobId} = started.structuredContent
      await client.callTool({name: 'wait_agents', arguments: {jobIds: [jobId], timeoutSeconds: 60}})
      expect((await stat(dir)).mode & 0o777).toBe(0o700)
      const files = await readdir(dir)
      expect(files).toContain(`${jobId}.json`)
      for (const file of files) {
        const info = await stat(path.join(dir, file))
        expect([file, (info.mode & 0o777).toString(8)]).toEqual([file, info.isDirectory() ? '700' : '600'])
      }
    } finally {
      await client.close()
    }
  })

  // The job store; no agent starts.
  itOnce('a job file with a hostile id deletes nothing outside the state dir', async () => {
    const stateHome = path.join(work, 'hostile-state')
    const dir = path.join(stateHome, 'codex-mcp')
    await mkdir(dir, {recursive: true})
    const victim = path.join(stateHome, 'victim.json')
    await writeFile(victim, 'keep me')
    const old = '2000-01-01T00:00:00.000Z'
    const job = (jobId: string) => ({jobId, kind: 'agent', status: 'succeeded', cwd: '/', createdAt: old, finishedAt: old, agents: [], log: [], serverPid: 1})
    await writeFile(path.join(dir, 'a.json'), JSON.stringify(job('../victim')))
    await writeFile(path.join(dir, 'b.json'), JSON.stringify(job('c'))) // claims another file's name
    await writeFile(path.join(dir, 'c.json'), 'not a job, not ours')
    const conn = await serve([], {XDG_STATE_HOME: stateHome})
    const listed = await call(conn, 'list_agents', {})
    expect(listed.structuredContent.jobs).toEqual([])
    expect(await readFile(victim, 'utf8')).toBe('keep me')
    expect(existsSync(path.join(dir, 'c.json'))).toBe(true)
  })
})

describe('secrets stay off the command line', () => {
  it('--env KEY takes the value from codex-mcp\'s own environment; the value is not on serve\'s argv', async () => {
    const {[STUB_ENV_KEY]: secret, ...withoutKey} = home.env
    const conn = await connectServe(['--env', STUB_ENV_KEY], {...withoutKey, [STUB_ENV_KEY]: secret, XDG_STATE_HOME: path.join(work, 'state')})
    opened.push(conn)
    const result = await call(conn, 'spawn_agent', {prompt: '[[reply:keyed]]'})
    expect(result.structuredContent).toMatchObject({status: 'succeeded', output: 'keyed'})
    expect(await readFile(`/proc/${conn.pid}/cmdline`, 'utf8')).not.toContain(secret)
    expect(stub.requestsFor('[[reply:keyed]]')[0].headers.authorization).toBe(`Bearer ${secret}`)
  })

  it('--env-file reads KEY=VALUE lines', async () => {
    const envFile = path.join(work, 'agent.env')
    await writeFile(envFile, `# provider key\n${STUB_ENV_KEY}=from-file-secret\n`, {mode: 0o600})
    const {[STUB_ENV_KEY]: _secret, ...withoutKey} = home.env
    const conn = await connectServe(['--env-file', envFile], {...withoutKey, [STUB_ENV_KEY]: undefined, XDG_STATE_HOME: path.join(work, 'state')})
    opened.push(conn)
    const result = await call(conn, 'spawn_agent', {prompt: '[[reply:from file]]'})
    expect(result.structuredContent).toMatchObject({status: 'succeeded', output: 'from file'})
    expect(stub.requestsFor('[[reply:from file]]')[0].headers.authorization).toBe('Bearer from-file-secret')
  })

  itOnce('serve warns on stderr when a value is given on argv', async () => {
    const conn = await serve(['--env', `${STUB_ENV_KEY}=on-argv-secret`])
    await waitFor(() => conn.stderr().includes('warning'), 10_000, 'the argv warning')
    expect(conn.stderr()).toContain(`${STUB_ENV_KEY} given as --env KEY=VALUE`)
    expect(conn.stderr()).not.toContain('on-argv-secret')
  })
})
