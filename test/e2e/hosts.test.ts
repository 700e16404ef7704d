import {readdirSync, readFileSync} from 'node:fs'
import {mkdtemp, writeFile} from 'node:fs/promises'
import path from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {treePids, treeScript, treeStarted} from '../support/agent-tree.js'
import {type ExecServer, startExecServer} from '../support/exec-server.js'
import {runCli} from '../support/cli.js'
import {connectServe, type ServeConnection} from '../support/mcp-client.js'
import {isAlive, processesWithEnv, waitFor} from '../support/processes.js'
import {useStubRig} from '../support/stub-rig.js'

/**
 * Hosts: three real `codex exec-server`s on loopback stand in for other machines (one wants a capability
 * token), under one real `serve` on the app-server engine. Each exec-server has its own directory and
 * HOST_TAG, so a command's output says where it ran.
 */
const rig = useStubRig('hosts')
const TOKEN = 'gamma-capability-token-4f1c9a'
const hosts: Record<string, ExecServer> = {}
let server: ServeConnection
let configFile: string

const call = async (name: string, args: Record<string, unknown> = {}) =>
  (await server.client.callTool({name, arguments: args}, undefined, {timeout: 120_000})) as {structuredContent: any; content: any; isError?: boolean}

/** A stub prompt whose command prints where it ran and whether it sees the provider key. */
const whereAmI = (marker: string) => `[[shell:echo ${marker} tag=$HOST_TAG key=\${STUB_API_KEY:-none} pwd=$(pwd)]]`

beforeAll(async () => {
  hosts.alpha = await startExecServer('alpha')
  hosts.beta = await startExecServer('beta')
  hosts.gamma = await startExecServer('gamma', {token: TOKEN})
  const config = path.join(rig.work, 'hosts.codex-mcprc.json')
  configFile = config
  await writeFile(
    config,
    JSON.stringify({
      hosts: [
        {name: 'alpha', url: hosts.alpha.url, cwd: hosts.alpha.dir},
        {name: 'beta', url: hosts.beta.url, cwd: hosts.beta.dir},
        {name: 'gamma', url: hosts.gamma.url, tokenEnv: 'GAMMA_TOKEN', cwd: hosts.gamma.dir},
        {name: 'gamma-wrong-token', url: hosts.gamma.url, tokenEnv: 'WRONG_TOKEN', cwd: hosts.gamma.dir},
        {name: 'local'},
      ],
    }),
  )
  server = await connectServe(['--engine', 'auto', '--config', config, '--allowed-root', rig.work, '--cd', rig.work], {
    ...rig.home.env,
    GAMMA_TOKEN: TOKEN,
    WRONG_TOKEN: 'not-the-token',
  })
})

afterAll(async () => {
  await server?.close()
  await waitFor(() => processesWithEnv('CODEX_HOME', rig.home.dir).length === 0, 5000, 'no codex left').catch(() => {})
  expect(processesWithEnv('CODEX_HOME', rig.home.dir)).toEqual([])
  await Promise.all(Object.values(hosts).map((host) => host.close()))
})

describe('hosts', () => {
  it('spreads agents over the reachable hosts; each result names the host whose exec-server ran its command, which never sees the provider key', async () => {
    const result = await call('spawn_agents_parallel', {agents: [1, 2, 3, 4].map((n) => ({prompt: whereAmI(`spread-${n}`)}))})
    const agents = result.structuredContent.agents
    expect(agents.map((a: any) => a.status)).toEqual(['succeeded', 'succeeded', 'succeeded', 'succeeded'])
    for (const agent of agents.filter((a: any) => a.host !== 'local')) {
      expect(['alpha', 'beta', 'gamma']).toContain(agent.host)
      expect(agent.output).toContain(`tag=${agent.host} key=none pwd=${hosts[agent.host].dir}`)
    }
    // Four at once over four ready hosts, least busy first: each got one; the wrong-token one none.
    expect(new Set(agents.map((a: any) => a.host))).toEqual(new Set(['alpha', 'beta', 'gamma', 'local']))
    // "local" is this machine, as without hosts: the agent's cwd, Codex's own environment.
    expect(agents.find((a: any) => a.host === 'local').output).toContain(`tag= key=stub-secret-value pwd=${rig.work}`)
    // The model calls stayed here, with the key: the stub saw it.
    expect(rig.stub.requestsFor('spread-1')[0].headers.authorization).toBe('Bearer stub-secret-value')
  })

  it('honours a per-call host; an unknown one is refused before any model request, naming the configured hosts', async () => {
    const placed = await call('spawn_agent', {prompt: whereAmI('per-call'), host: 'gamma'})
    expect(placed.structuredContent).toMatchObject({status: 'succeeded', host: 'gamma'})
    expect(placed.structuredContent.output).toContain('tag=gamma key=none')

    const refused = await call('spawn_agent', {prompt: '[[reply:never]] unknown-host', host: 'delta'})
    expect(refused.isError).toBe(true)
    expect(refused.structuredContent.error.kind).toBe('invalid-input')
    expect(refused.structuredContent.error.message).toContain('alpha, beta, gamma, gamma-wrong-token, local')
    expect(rig.stub.requestsFor('unknown-host')).toEqual([])
  })

  it('the server\'s instructions name the hosts; an isolated agent may not go to a remote one', async () => {
    expect(server.client.getInstructions()).toContain('Hosts (pass `host` to choose; default: the least busy reachable one): alpha, beta, gamma, gamma-wrong-token, local.')
    const refused = await call('spawn_agent', {prompt: '[[reply:never]] isolated-remote', host: 'alpha', isolation: 'worktree'})
    expect(refused.structuredContent.error).toMatchObject({kind: 'invalid-input', message: expect.stringContaining('host "alpha" is another one')})
    expect(rig.stub.requestsFor('isolated-remote')).toEqual([])
  })

  it('the token is on no command line', () => {
    for (const entry of readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue
      let cmdline = ''
      try {
        cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8')
      } catch {}
      expect(cmdline).not.toContain(TOKEN)
    }
  })

  it('a wrong token fails the agent clearly, naming the host and the auth problem, before any model request', async () => {
    const result = await call('spawn_agent', {prompt: `${whereAmI('wrong-token')}`, host: 'gamma-wrong-token'})
    expect(result.isError).toBe(true)
    expect(result.structuredContent).toMatchObject({status: 'failed', host: 'gamma-wrong-token', error: {kind: 'auth'}})
    expect(result.structuredContent.error.message).toContain('Host "gamma-wrong-token" refused codex-mcp\'s token')
    expect(result.structuredContent.error.message).toContain('401')
    expect(result.structuredContent.error.fix).toContain('WRONG_TOKEN')
    expect(rig.stub.requestsFor('wrong-token')).toEqual([])
  })

  it('cancel kills the agent\'s command tree on its host, a backgrounded grandchild included', async () => {
    const dir = await mkdtemp(path.join(rig.work, 'cancel-'))
    const started = await call('start_agent', {prompt: treeScript(dir), host: 'alpha'})
    await waitFor(() => treeStarted(dir), 30_000, 'the agent\'s command on alpha')
    const pids = await treePids(dir)
    // It runs under alpha's exec-server, not here: its environment is alpha's.
    expect(readFileSync(`/proc/${pids[1]}/environ`, 'latin1')).toContain('HOST_TAG=alpha')
    const cancelled = await call('cancel_agent', {jobId: started.structuredContent.jobId})
    expect(cancelled.structuredContent.job.status).toBe('cancelled')
    expect(cancelled.structuredContent.job.agents[0].host).toBe('alpha')
    await waitFor(() => pids.every((pid) => !isAlive(pid)), 10_000, 'the remote command tree to be gone')
  })

  it('a host that dies mid-run fails its agent with a retryable error naming it, threadId kept; later agents avoid it', async () => {
    const dir = await mkdtemp(path.join(rig.work, 'dies-'))
    const started = await call('start_agent', {prompt: `[[shell:echo $$ > ${dir}/sh.pid; sleep 120]]`, host: 'beta'})
    await waitFor(async () => (await readFileSafe(path.join(dir, 'sh.pid'))) !== '', 30_000, 'the agent\'s command on beta')
    hosts.beta.kill()
    const waited = await call('wait_agents', {jobIds: [started.structuredContent.jobId], timeoutSeconds: 10})
    const agent = waited.structuredContent.jobs[0].agents[0]
    expect(agent.status).toBe('failed')
    expect(agent.outcome).toMatchObject({host: 'beta', error: {kind: 'host-unreachable', retryable: true}})
    expect(agent.outcome.error.message).toContain('Host "beta"')
    expect(agent.outcome.threadId).toEqual(expect.any(String))

    // The thread goes on elsewhere.
    const continued = await call('reply_agent', {threadId: agent.outcome.threadId, host: 'alpha', prompt: whereAmI('continued')})
    expect(continued.structuredContent, JSON.stringify(continued.structuredContent.error)).toMatchObject({status: 'succeeded', host: 'alpha', threadId: agent.outcome.threadId})
    expect(continued.structuredContent.output).toContain('tag=alpha key=none')

    const after = await call('spawn_agents_parallel', {agents: [1, 2, 3].map((n) => ({prompt: whereAmI(`after-${n}`)}))})
    for (const each of after.structuredContent.agents) {
      expect(each.status).toBe('succeeded')
      expect(['alpha', 'gamma', 'local']).toContain(each.host)
    }
    const cliEnv = {...rig.home.env, GAMMA_TOKEN: TOKEN, WRONG_TOKEN: 'not-the-token', CODEX_MCP_ENGINE: 'app-server'}
    const [listed, doctor] = await Promise.all([
      runCli(['hosts', 'list', '--config', configFile, '--json'], {env: cliEnv}),
      runCli(['doctor', '--config', configFile, '--json'], {env: cliEnv}),
    ])
    expect(listed.exitCode, String(listed.stdout) + String(listed.stderr)).toBe(0)
    const states = Object.fromEntries(JSON.parse(String(listed.stdout)).map((host: any) => [host.name, host.state]))
    expect(states).toEqual({alpha: 'ready', beta: 'unreachable', gamma: 'ready', 'gamma-wrong-token': 'auth-failed', local: 'local'})
    const hostChecks = JSON.parse(String(doctor.stdout)).checks.filter((c: any) => c.id.startsWith('host:'))
    expect(hostChecks.find((c: any) => c.id === 'host:beta')).toMatchObject({status: 'fail', message: expect.stringContaining('Host beta')})
    expect(hostChecks.find((c: any) => c.id === 'host:beta').message).toContain('unreachable')
    expect(hostChecks.find((c: any) => c.id === 'host:gamma')).toMatchObject({status: 'pass'})
    expect(hostChecks.find((c: any) => c.id === 'host:gamma-wrong-token').message).toContain('refuses codex-mcp\'s token')

    const asked = await call('spawn_agent', {prompt: whereAmI('asked-dead'), host: 'beta'})
    expect(asked.structuredContent).toMatchObject({status: 'failed', host: 'beta', error: {kind: 'host-unreachable', retryable: true}})
    expect(rig.stub.requestsFor('asked-dead')).toEqual([])
  })
})

describe('hosts: the end of an agent ends its commands there', () => {
  it('a timeout kills the command tree on the host', async () => {
    const dir = await mkdtemp(path.join(rig.work, 'timeout-'))
    const result = await call('spawn_agent', {prompt: treeScript(dir), host: 'gamma', timeoutMs: '3s'})
    expect(result.structuredContent).toMatchObject({status: 'failed', host: 'gamma', error: {kind: 'timeout'}})
    const pids = await treePids(dir)
    await waitFor(() => pids.every((pid) => !isAlive(pid)), 10_000, 'the remote command tree to be gone')
  })

  it('shutting the server down kills the command tree on the host', async () => {
    const dir = await mkdtemp(path.join(rig.work, 'shutdown-'))
    await call('start_agent', {prompt: treeScript(dir), host: 'alpha'})
    await waitFor(() => treeStarted(dir), 30_000, 'the agent\'s command on alpha')
    const pids = await treePids(dir)
    await server.close()
    await waitFor(() => pids.every((pid) => !isAlive(pid)), 10_000, 'the remote command tree to be gone')
  })
})

describe('hosts from the terminal', () => {
  it('spawn --host runs there (engine auto: app-server, hosts need it); with --engine exec the start-up says hosts need app-server', async () => {
    const env = {...rig.home.env, GAMMA_TOKEN: TOKEN, WRONG_TOKEN: 'x'}
    const placed = await runCli(['spawn', '--engine', 'auto', '--config', configFile, '--cd', rig.work, '--host', 'gamma', '--json', whereAmI('cli')], {env})
    expect(JSON.parse(String(placed.stdout))).toMatchObject({status: 'succeeded', host: 'gamma'})
    const refused = await runCli(['spawn', '--engine', 'exec', '--config', configFile, '[[reply:never]] exec-with-hosts'], {env})
    expect(refused.exitCode).not.toBe(0)
    expect(String(refused.stderr)).toContain('hosts need the app-server engine, but the engine is "exec"')
    expect(rig.stub.requestsFor('exec-with-hosts')).toEqual([])
  })
})

async function readFileSafe(file: string): Promise<string> {
  try {
    return readFileSync(file, 'utf8').trim()
  } catch {
    return ''
  }
}
