import {mkdtemp} from 'node:fs/promises'
import {readFileSync} from 'node:fs'
import path from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {treePids, treeScript, treeStarted} from '../support/agent-tree.js'
import {runCli} from '../support/cli.js'
import {connectServe, type ServeConnection} from '../support/mcp-client.js'
import {isAlive, processesWithEnv, waitFor} from '../support/processes.js'
import {useStubRig} from '../support/stub-rig.js'

const rig = useStubRig('app-server')
let server: ServeConnection

const call = async (name: string, args: Record<string, unknown> = {}) =>
  (await server.client.callTool({name, arguments: args})) as {structuredContent: any; content: any; isError?: boolean}

/** The `codex app-server` processes whose CODEX_HOME is the rig's. */
const appServers = () =>
  processesWithEnv('CODEX_HOME', rig.home.dir).filter((pid) => {
    try {
      const argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0')
      return path.basename(argv[0]) === 'codex' && argv[1] === 'app-server'
    } catch {
      return false
    }
  })

beforeAll(async () => {
  server = await connectServe(['--engine', 'app-server', '--heartbeat', '500ms', '--allowed-root', rig.work], rig.home.env)
})
afterAll(async () => {
  await server.close()
  await waitFor(() => processesWithEnv('CODEX_HOME', rig.home.dir).length === 0, 5000, 'no codex left').catch(() => {})
  expect(processesWithEnv('CODEX_HOME', rig.home.dir)).toEqual([])
})

describe('the app-server engine', () => {
  it('runs many agents as threads of one warm codex app-server', async () => {
    const result = await call('spawn_agents_parallel', {agents: [1, 2, 3, 4].map((n) => ({prompt: `[[reply:thread ${n}]]`}))})
    expect(result.structuredContent.agents.map((a: any) => a.output)).toEqual(['thread 1', 'thread 2', 'thread 3', 'thread 4'])
    const ids = new Set(result.structuredContent.agents.map((a: any) => a.threadId))
    expect(ids.size).toBe(4)
    expect(appServers()).toHaveLength(1)
  })

  it('a crashed app-server fails its running agents with a retryable error; the next agent gets a new one, and the thread resumes', async () => {
    const started = await call('start_agent', {prompt: '[[slow:60000]] [[reply:never]]'})
    const jobId = started.structuredContent.jobId
    await waitFor(() => rig.stub.requestsFor('[[slow:60000]]').length > 0, 20_000, 'the model request')
    const [crashed] = appServers()
    process.kill(crashed, 'SIGKILL')
    const waited = await call('wait_agents', {jobIds: [jobId], timeoutSeconds: 20})
    expect(waited.structuredContent.jobs[0].agents[0].outcome.error).toMatchObject({kind: 'engine-crashed', retryable: true})
    expect(waited.structuredContent.jobs[0].agents[0].outcome.error.message).toContain('app-server')
    const threadId = waited.structuredContent.jobs[0].agents[0].outcome.threadId
    expect(threadId).toEqual(expect.any(String))

    const again = await call('reply_agent', {threadId, prompt: '[[reply:resumed]] after the crash'})
    expect(again.structuredContent).toMatchObject({status: 'succeeded', output: 'resumed', threadId})
    expect(appServers()).toHaveLength(1)
    expect(appServers()[0]).not.toBe(crashed)
  })

  it('cancel kills the thread\'s commands, a backgrounded grandchild included, and leaves the app-server serving', async () => {
    const dir = await mkdtemp(path.join(rig.work, 'cancel-'))
    const started = await call('start_agent', {prompt: treeScript(dir)})
    await waitFor(() => treeStarted(dir), 20_000, 'the agent\'s shell command')
    const pids = await treePids(dir)
    const cancelled = await call('cancel_agent', {jobId: started.structuredContent.jobId})
    expect(cancelled.structuredContent.job.status).toBe('cancelled')
    for (const pid of pids) expect(isAlive(pid), `pid ${pid}`).toBe(false)
    const next = await call('spawn_agent', {prompt: '[[reply:still serving]]'})
    expect(next.structuredContent).toMatchObject({status: 'succeeded', output: 'still serving'})
  })

  it('a reply on a thread the app-server still has loaded is killed whole too', async () => {
    const first = await call('spawn_agent', {prompt: '[[reply:first]]'})
    const dir = await mkdtemp(path.join(rig.work, 'reply-cancel-'))
    const started = await call('start_agent', {threadId: first.structuredContent.threadId, prompt: treeScript(dir)})
    await waitFor(() => treeStarted(dir), 20_000, 'the agent\'s shell command')
    const pids = await treePids(dir)
    await call('cancel_agent', {jobId: started.structuredContent.jobId})
    for (const pid of pids) expect(isAlive(pid), `pid ${pid}`).toBe(false)
  })

  it('a result carries the turn\'s unified diff of patched files', async () => {
    const dir = await mkdtemp(path.join(rig.work, 'diff-'))
    const patch = "apply_patch <<'EOF'\n*** Begin Patch\n*** Add File: hello.txt\n+hi there\n*** End Patch\nEOF"
    const result = await call('spawn_agent', {prompt: `[[shell:${patch}]]`, cwd: dir})
    expect(result.structuredContent.status).toBe('succeeded')
    expect(result.structuredContent.diff).toContain('+++ b/hello.txt')
    expect(result.structuredContent.diff).toContain('+hi there')
    expect(readFileSync(path.join(dir, 'hello.txt'), 'utf8')).toBe('hi there\n')
  })

  it('threads are interchangeable with codex exec: app-server continues an exec thread', async () => {
    const first = await runCli(['spawn', '--engine', 'exec', '--json', '[[reply:first]] remember 7'], {env: rig.home.env})
    const {threadId} = JSON.parse(String(first.stdout))
    const resumed = await call('reply_agent', {threadId, prompt: '[[reply:second]]'})
    expect(resumed.structuredContent).toMatchObject({status: 'succeeded', output: 'second', threadId})
    expect(JSON.stringify(rig.stub.requestsFor('[[reply:second]]').at(-1)?.body.input)).toContain('remember 7')
  })
})

describe('the app-server engine from the terminal', () => {
  it('spawn exits when its agent is done, leaving no app-server behind', async () => {
    const before = appServers() // the serve's warm one
    const result = await runCli(['spawn', '--engine', 'app-server', '--json', '[[reply:cli]]'], {env: rig.home.env})
    expect(JSON.parse(String(result.stdout))).toMatchObject({status: 'succeeded', output: 'cli'})
    expect(appServers()).toEqual(before)
  })
})
