/**
 * The core flows against the Codex named by CODEX_MCP_TEST_CODEX (default: the pinned devDependency).
 * `npm run test:codex-versions` runs this file once per Codex release it installs; `npm test` never does.
 */
import {execa} from 'execa'
import {mkdir, mkdtemp, writeFile} from 'node:fs/promises'
import path from 'node:path'
import {ElicitRequestSchema} from '@modelcontextprotocol/sdk/types.js'
import {existsSync} from 'node:fs'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {type CheckResult, doctorReportSchema} from '../../src/doctor/types.js'
import {treePids, treeScript, treeStarted} from '../support/agent-tree.js'
import {codexWrapper, runCli} from '../support/cli.js'
import {codexConfigToml, STUB_ENV_KEY} from '../support/codex-home.js'
import {engine} from '../support/engine.js'
import {connectServe, type ServeConnection} from '../support/mcp-client.js'
import {isAlive, processesWithEnv, waitFor} from '../support/processes.js'
import {useStubRig} from '../support/stub-rig.js'

const rig = useStubRig('versions')
let version = ''
let server: ServeConnection

beforeAll(async () => {
  const run = codexWrapper.endsWith('.js') ? [process.execPath, codexWrapper] : [codexWrapper]
  version = /(\d+\.\d+\.\d+)/.exec((await execa(run[0], [...run.slice(1), '--version'], {env: {...process.env, ...rig.home.env}})).stdout)?.[1] ?? ''
  server = await connectServe(['--max-concurrency', '4'], rig.home.env)
})
afterAll(async () => {
  await server?.close()
  await waitFor(() => processesWithEnv('CODEX_HOME', rig.home.dir).length === 0, 10_000, 'no codex left').catch(() => {})
  expect(processesWithEnv('CODEX_HOME', rig.home.dir)).toEqual([])
})

const spawn = (args: string[], env: Record<string, string | undefined> = {}) => runCli(['spawn', ...args], {env: {...rig.home.env, ...env}})
const spawnJson = async (args: string[], env: Record<string, string | undefined> = {}) => JSON.parse(String((await spawn(['--json', ...args], env)).stdout))

describe(`codex-mcp against Codex ${process.env.CODEX_MCP_TEST_CODEX ? 'under test' : '(pinned)'} on the ${engine} engine`, () => {
  it('serve: the model request comes from the engine asked for', async () => {
    const result = await server.client.callTool({name: 'spawn_agent', arguments: {prompt: '[[reply:ok]] engine-check'}})
    expect(result.structuredContent).toMatchObject({status: 'succeeded', output: 'ok'})
    // `codex exec` sends originator codex_exec; app-server sends the client name it was initialized with.
    expect(rig.stub.requestsFor('engine-check').at(-1)?.headers.originator).toBe(engine === 'exec' ? 'codex_exec' : 'codex-mcp')
  })

  it('spawn: the final message, a shell command the agent ran, and the thread id', async () => {
    const result = await spawn(['[[shell:echo ran-$((6*7))]]'])
    expect(result.exitCode, String(result.stderr)).toBe(0)
    expect(result.stdout).toContain('ran-42')
    expect(result.stderr).toContain('running:')
    const json = await spawnJson(['[[reply:structured]]'])
    expect(json).toMatchObject({status: 'succeeded', output: 'structured', exitCode: 0})
    expect(json.threadId).toMatch(/^[0-9a-f-]{36}$/)
  })

  it('serve: spawn_agent over MCP', async () => {
    const result = await server.client.callTool({name: 'spawn_agent', arguments: {prompt: 'hello over MCP'}})
    expect(result.isError).toBe(false)
    expect(result.structuredContent).toMatchObject({status: 'succeeded', output: 'echo: hello over MCP', exitCode: 0})
  })

  it('serve: a batch keeps every result when one agent fails', async () => {
    const result = await server.client.callTool({
      name: 'spawn_agents_parallel',
      arguments: {agents: [{prompt: '[[reply:first]]'}, {prompt: '[[status:500]]'}, {prompt: '[[reply:third]]'}]},
    })
    const content = result.structuredContent as any
    expect(content.summary).toEqual({total: 3, succeeded: 2, failed: 1, cancelled: 0})
    expect(content.agents.map((a: any) => a.status)).toEqual(['succeeded', 'failed', 'succeeded'])
    expect(content.agents[1].error.kind).toBe('provider-error')
  })

  it('serve: reply_agent continues the thread', async () => {
    const first = await server.client.callTool({name: 'spawn_agent', arguments: {prompt: '[[reply:ok]] the word is walrus-7'}})
    const threadId = (first.structuredContent as any).threadId
    const reply = await server.client.callTool({name: 'reply_agent', arguments: {threadId, prompt: '[[reply:again]] reply-check'}})
    expect(reply.structuredContent).toMatchObject({status: 'succeeded', output: 'again', threadId})
    expect(JSON.stringify(rig.stub.requestsFor('reply-check').at(-1)?.body.input)).toContain('the word is walrus-7')
    const unknown = await spawnJson(['--resume', '01a2134a-0000-7000-8000-000000000000', 'hi'])
    expect(unknown.error.kind).toBe('unknown-thread')
  })

  it('handover: a thread moves from the warm serve to `spawn --resume` on exec and back, with one history', async () => {
    const first = await server.client.callTool({name: 'spawn_agent', arguments: {prompt: '[[reply:one]] hv-1 the word is heron'}})
    const threadId = (first.structuredContent as any).threadId
    const cli = await spawnJson(['--engine', 'exec', '--resume', threadId, '[[reply:two]] hv-2 and otter'])
    expect(cli, JSON.stringify(cli.error)).toMatchObject({status: 'succeeded', threadId})
    const back = await server.client.callTool({name: 'reply_agent', arguments: {threadId, prompt: '[[reply:three]] hv-3'}})
    expect(back.structuredContent).toMatchObject({status: 'succeeded', threadId})
    const history = JSON.stringify(rig.stub.requestsFor('hv-3').at(-1)?.body.input)
    expect(history).toContain('the word is heron')
    expect(history).toContain('and otter')
  })

  it('serve: cancelling a call kills the agent tree, a backgrounded grandchild included', async () => {
    const dir = await mkdtemp(path.join(rig.work, 'cancel-'))
    const controller = new AbortController()
    const call = server.client.callTool({name: 'spawn_agent', arguments: {prompt: treeScript(dir)}}, undefined, {signal: controller.signal})
    await waitFor(() => treeStarted(dir), 30_000, 'the agent\'s shell command')
    const pids = await treePids(dir)
    controller.abort()
    await expect(call).rejects.toThrow()
    await waitFor(() => pids.every((pid) => !isAlive(pid)), 10_000, 'the agent tree to die')
    const next = await server.client.callTool({name: 'spawn_agent', arguments: {prompt: '[[reply:still here]]'}})
    expect(next.structuredContent).toMatchObject({output: 'still here'})
  })

  it('serve: reply_agent to a running agent steers it (app-server) or says why not (exec)', async () => {
    const call = async (name: string, args: Record<string, unknown>) => (await server.client.callTool({name, arguments: args})) as any
    const started = await call('start_agent', {prompt: '[[slow:30000]] [[reply:original]] steer-me'})
    const jobId = started.structuredContent.jobId
    const threadId = await waitFor(async () => (await call('get_agent', {jobId})).structuredContent.job.agents[0].threadId, 30_000, 'the running agent\'s thread id')
    await waitFor(() => rig.stub.requestsFor('steer-me').length > 0, 30_000, 'the model request')
    const reply = await call('reply_agent', {threadId, prompt: '[[reply:steered]] and also this'})
    if (engine === 'app-server') {
      expect(reply.structuredContent).toMatchObject({status: 'succeeded', output: 'steered', threadId})
      const job = await call('wait_agents', {jobIds: [jobId], timeoutSeconds: 30})
      expect(job.structuredContent.jobs[0].agents[0].outcome).toMatchObject({status: 'succeeded', output: 'steered'})
    } else {
      expect(reply.structuredContent.error).toMatchObject({kind: 'invalid-input'})
      await call('cancel_agent', {jobId})
    }
  })

  it('approvals ask: an escalation reaches the client as an elicitation (app-server) or is a startup error (exec)', async () => {
    if (engine === 'exec') {
      const result = await spawn(['--approvals', 'ask', 'hi'])
      expect(result.exitCode).not.toBe(0)
      expect(result.stderr).toContain('approvals "ask" needs the app-server engine')
      return
    }
    const asking = await connectServe(['--approvals', 'ask', '--allowed-root', rig.work], rig.home.env, {capabilities: {elicitation: {}}})
    try {
      const messages: string[] = []
      asking.client.setRequestHandler(ElicitRequestSchema, async (request) => {
        messages.push(request.params.message)
        return {action: 'accept'}
      })
      const outside = path.join(await mkdtemp(path.join(rig.work, 'target-')), 'escalated.txt')
      const cwd = await mkdtemp(path.join(rig.work, 'cwd-'))
      const result = (await asking.client.callTool({name: 'spawn_agent', arguments: {prompt: `[[escalate:touch ${outside} && echo made]]`, cwd}})) as any
      expect(result.structuredContent).toMatchObject({status: 'succeeded', approvals: [{kind: 'command', decision: 'accepted', decidedBy: 'client'}]})
      expect(messages).toHaveLength(1)
      expect(existsSync(outside)).toBe(true)
    } finally {
      await asking.close()
    }
  })

  it('provider errors: HTTP 500, an unwrapped HTTP 400 body, a missing env_key variable', async () => {
    expect((await spawnJson(['[[status:500]]'])).error.kind).toBe('provider-error')
    expect((await spawnJson(['[[status:400]]'])).error).toMatchObject({kind: 'provider-error', message: expect.stringContaining('stub error 400 (stub_error)')})
    const missing = await spawnJson(['hello'], {[STUB_ENV_KEY]: undefined})
    expect(missing.error).toMatchObject({kind: 'missing-env-key', message: expect.stringContaining(STUB_ENV_KEY)})
  })
})

// Doctor starts no agent of its own engine: once per Codex (on the exec run) is enough.
describe.skipIf(engine === 'app-server')('doctor against the same Codex', () => {
  let counter = 0
  /** A HOME with a CODEX_HOME holding `files`, and a work directory. */
  async function setup(files: Record<string, string>) {
    const home = path.join(rig.work, `home-${++counter}`)
    const codexHome = path.join(home, '.codex')
    const work = path.join(home, 'work')
    await mkdir(codexHome, {recursive: true})
    await mkdir(work, {recursive: true})
    for (const [name, content] of Object.entries(files)) await writeFile(path.join(codexHome, name), content)
    return {home, codexHome, work, env: {HOME: home, CODEX_HOME: codexHome, [STUB_ENV_KEY]: 'stub-secret-value'}}
  }
  async function doctor(where: Awaited<ReturnType<typeof setup>>, args: string[] = []) {
    const result = await runCli(['doctor', '--json', ...args], {cwd: where.work, env: where.env})
    const report = doctorReportSchema.parse(JSON.parse(String(result.stdout)))
    return {result, report, byId: (id: string) => report.checks.find((c) => c.id === id) as CheckResult}
  }

  it('passes a working setup and names the version; runs no `codex doctor` where Codex has none', async () => {
    const where = await setup({'config.toml': codexConfigToml(rig.stub.url)})
    const before = rig.stub.requests.length
    const {report, byId} = await doctor(where)
    expect(report.checks.filter((c) => c.status === 'fail')).toEqual([])
    expect(byId('codex-version').message).toContain(`Codex ${version}`)
    // `codex doctor` on a Codex without it would be a prompt to the model (or an argv error): never sent.
    expect(rig.stub.requests.slice(before).filter((r) => r.prompt?.includes('doctor'))).toEqual([])
  })

  it.each([
    ['a layered p1.config.toml', {'p1.config.toml': 'model = "p1-model"\n'}, ''],
    ['a [profiles.p1] table', {}, '\n[profiles.p1]\nmodel = "p1-model"\n'],
  ])('predicts whether a profile in %s works, and spawn agrees', async (_, files, table) => {
    const where = await setup({'config.toml': codexConfigToml(rig.stub.url) + table, ...files})
    const {byId} = await doctor(where, ['--profile', 'p1'])
    const predicted = byId('codex-profile')
    const marker = `profile-check-${counter}`
    const run = await runCli(['spawn', '--json', '--profile', 'p1', `[[reply:ok]] ${marker}`], {cwd: where.work, env: where.env})
    const json = JSON.parse(String(run.stdout))
    const used = rig.stub.requestsFor(marker).at(-1)?.body.model === 'p1-model'
    expect({doctor: predicted.status, ...predicted}).toMatchObject({doctor: used ? expect.stringMatching(/pass|info/) : 'fail'})
    if (!used) {
      expect(json.status).toBe('failed')
      expect(json.error.message).toContain('p1')
      expect(json.error.fix).toBeTruthy()
    }
  })

  it('predicts whether reasoning effort xhigh is accepted, and spawn agrees with a clear error', async () => {
    const where = await setup({'config.toml': codexConfigToml(rig.stub.url)})
    const configFile = path.join(where.work, '.codex-mcprc.json')
    await writeFile(configFile, JSON.stringify({reasoningEffort: 'xhigh'}))
    const {byId} = await doctor(where, ['--config', configFile])
    const run = await runCli(['spawn', '--json', '--reasoning-effort', 'xhigh', '[[reply:ok]]'], {cwd: where.work, env: where.env})
    const json = JSON.parse(String(run.stdout))
    const predicted = byId('reasoning-effort')
    if (json.status === 'succeeded') {
      expect(predicted?.status ?? 'pass').not.toBe('fail')
    } else {
      expect(predicted).toMatchObject({status: 'fail', message: expect.stringContaining('xhigh')})
      expect(json.error).toMatchObject({kind: 'invalid-config', message: expect.stringContaining('xhigh')})
      expect(json.error.fix).toContain('npm install -g @openai/codex@latest')
    }
  })
})
