import {describe, expect, it} from 'vitest'

import {configSchema} from '../../../src/config/schema.js'
import {CodexMcpError} from '../../../src/errors.js'
import {HostPool, type HostRpc} from '../../../src/hosts/pool.js'
import {checkHostIsolation, checkHosts, checkRequestedHost, isLoopbackUrl, resolveHosts} from '../../../src/hosts/resolve.js'
import {resolveRunOptions} from '../../../src/runner/run-options.js'

const issues = (raw: unknown) => {
  const parsed = configSchema.safeParse(raw)
  return parsed.success ? [] : parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`)
}
const thrown = (fn: () => unknown): CodexMcpError => {
  try {
    fn()
  } catch (error) {
    return error as CodexMcpError
  }
  throw new Error('expected a throw')
}

describe('the hosts setting', () => {
  it('takes ws(s) exec-servers and "local"', () => {
    expect(issues({hosts: [{name: 'box', url: 'wss://box.example:9001', tokenEnv: 'BOX_TOKEN', cwd: '/srv/repo', maxAgents: 4}, {name: 'local'}]})).toEqual([])
  })

  it('refuses what cannot work, saying why', () => {
    expect(issues({hosts: [{name: 'box'}]})).toEqual([expect.stringContaining('hosts.0.url: is required')])
    expect(issues({hosts: [{name: 'local', url: 'ws://127.0.0.1:1'}]})).toEqual([expect.stringContaining('"local" is this machine')])
    expect(issues({hosts: [{name: 'a', url: 'ws://127.0.0.1:1'}, {name: 'a', url: 'ws://127.0.0.1:2'}]})).toEqual([expect.stringContaining('named twice')])
    expect(issues({hosts: [{name: 'a', url: 'http://box:1'}]})).toEqual([expect.stringContaining('ws:// or wss://')])
    expect(issues({hosts: [{name: '../a', url: 'ws://127.0.0.1:1'}]})).toEqual([expect.stringContaining('must be a host name')])
    // A stdio executor: Codex 0.169's environment/add takes a WebSocket URL only.
    expect(issues({hosts: [{name: 'box', command: ['ssh', 'box', 'codex', 'exec-server', '--listen', 'stdio']}]})).toEqual([expect.stringContaining('ssh -N -L')])
  })

  it('refuses at start-up a plain ws:// to another machine, a missing token and the exec engine', () => {
    const remote = {hosts: [{name: 'box', url: 'ws://10.0.0.5:9001'}]}
    const plain = thrown(() => checkHosts(remote, {}, undefined, '/p/.codex-mcprc.json'))
    expect(plain.message).toContain('plain ws:// to another machine without a token (config /p/.codex-mcprc.json)')
    expect(plain.fix).toContain('ssh -N -L')
    expect(thrown(() => checkHosts({hosts: [{name: 'box', url: 'ws://10.0.0.5:9001', tokenEnv: 'T'}]}, {T: 'x'}, undefined)).message).toContain('in clear')
    expect(thrown(() => checkHosts({hosts: [{name: 'box', url: 'wss://box:9001', tokenEnv: 'T'}]}, {}, undefined)).message).toContain('T is not set')
    expect(thrown(() => checkHosts({hosts: [{name: 'box', url: 'wss://box:9001'}], engine: 'exec'}, {}, undefined)).message).toContain('need the app-server engine')
    expect(thrown(() => checkHosts({hosts: [{name: 'box', url: 'wss://box:9001'}]}, {}, 'exec')).kind).toBe('invalid-config')
    expect(() => checkHosts({hosts: [{name: 'box', url: 'wss://box:9001', tokenEnv: 'T'}, {name: 'lo', url: 'ws://127.0.0.1:9'}]}, {T: 'x'}, 'app-server')).not.toThrow()
    expect(['ws://127.0.0.1:1', 'ws://localhost:1', 'ws://[::1]:1'].map(isLoopbackUrl)).toEqual([true, true, true])
    expect(['ws://10.0.0.1:1', 'ws://127.example:1', 'nonsense'].map(isLoopbackUrl)).toEqual([false, false, false])
  })

  it('a requested host must be a configured one (it is untrusted, like cwd)', () => {
    const hosts = resolveHosts([{name: 'a', url: 'ws://127.0.0.1:1'}, {name: 'local'}], {})
    expect(checkRequestedHost('a', hosts)).toBe('a')
    expect(thrown(() => checkRequestedHost('../../etc', hosts)).message).toContain('the configured hosts are: a, local')
    expect(thrown(() => checkRequestedHost('a', undefined)).message).toContain('no hosts configured')
  })

  it('an isolated agent runs on "local" only (its worktree is made here)', () => {
    const withLocal = resolveHosts([{name: 'a', url: 'ws://127.0.0.1:1'}, {name: 'local'}], {})
    const remoteOnly = resolveHosts([{name: 'a', url: 'ws://127.0.0.1:1'}], {})
    expect(() => checkHostIsolation('worktree', undefined, withLocal)).not.toThrow()
    expect(() => checkHostIsolation('worktree', 'local', withLocal)).not.toThrow()
    expect(() => checkHostIsolation('none', 'a', withLocal)).not.toThrow()
    expect(thrown(() => checkHostIsolation('worktree', 'a', withLocal)).message).toContain('host "a" is another one')
    expect(thrown(() => checkHostIsolation('worktree', undefined, remoteOnly)).message).toContain('no host named "local"')
  })

  it('the token stays out of Codex\'s environment and of the options\' JSON; hosts mean app-server', () => {
    const options = resolveRunOptions(
      {hosts: [{name: 'box', url: 'wss://box:9001', tokenEnv: 'BOX_TOKEN'}]},
      {prompt: 'hi', host: 'box'},
      {baseCwd: '/tmp', baseEnv: {BOX_TOKEN: 'sekrit', PATH: '/bin'}},
    )
    expect(options.env.BOX_TOKEN).toBeUndefined()
    expect(JSON.stringify(options)).not.toContain('sekrit')
    expect(options.hosts?.[0].token()).toBe('sekrit')
    expect(options).toMatchObject({engine: 'app-server', host: 'box'})
  })
})

/** An app-server stand-in answering environment/status from a table: placement is plain logic. */
function fakeRpc(states: Record<string, string>): HostRpc & {added: unknown[]} {
  const added: unknown[] = []
  return {
    alive: true,
    added,
    async request(method, params: any) {
      if (method === 'environment/add') return added.push(params), {}
      return {status: states[params.environmentId], ...(states[params.environmentId] === 'disconnected' ? {error: 'HTTP error: 401 Unauthorized'} : {})}
    },
  }
}

describe('placement', () => {
  const hosts = resolveHosts(
    [
      {name: 'a', url: 'ws://127.0.0.1:1', maxAgents: 1},
      {name: 'b', url: 'ws://127.0.0.1:2', tokenEnv: 'B_TOKEN'},
      {name: 'down', url: 'ws://127.0.0.1:3'},
    ],
    {B_TOKEN: 'b-token'},
  )!

  it('registers each remote host once, the token in the request only', async () => {
    const rpc = fakeRpc({a: 'ready', b: 'ready', down: 'disconnected'})
    const pool = new HostPool(rpc, hosts)
    await Promise.all([pool.register(), pool.register()])
    expect(rpc.added).toEqual([
      {environmentId: 'a', execServerUrl: 'ws://127.0.0.1:1', connectTimeoutMs: 5000},
      {environmentId: 'b', execServerUrl: 'ws://127.0.0.1:2', connectTimeoutMs: 5000, authBearerToken: 'b-token'},
      {environmentId: 'down', execServerUrl: 'ws://127.0.0.1:3', connectTimeoutMs: 5000},
    ])
  })

  it('least busy ready host with a free slot; a down one skipped, or named when asked for', async () => {
    const pool = new HostPool(fakeRpc({a: 'ready', b: 'ready', down: 'disconnected'}), hosts)
    const first = await pool.place(undefined)
    const second = await pool.place(undefined)
    const third = await pool.place(undefined)
    expect([first.host.name, second.host.name, third.host.name]).toEqual(['a', 'b', 'b'])
    const asked = await pool.place('down').catch((error: CodexMcpError) => error)
    expect(asked).toMatchObject({kind: 'auth'})
    expect((asked as CodexMcpError).message).toContain('Host "down" refused codex-mcp\'s token')
    // `a` is full (maxAgents 1): an agent asking for it waits for the slot.
    let placed = false
    const waiting = pool.place('a').then((placement) => ((placed = true), placement))
    await new Promise((resolve) => setTimeout(resolve, 20))
    expect(placed).toBe(false)
    first.release()
    expect((await waiting).host.name).toBe('a')
  })

  it('no reachable host at all is a retryable failure listing each', async () => {
    const pool = new HostPool(fakeRpc({a: 'disconnected', b: 'disconnected', down: 'disconnected'}), hosts)
    const error = (await pool.place(undefined).catch((e) => e)) as CodexMcpError
    expect(error).toMatchObject({kind: 'host-unreachable', retryable: true})
    expect(error.message).toContain('a: HTTP error: 401 Unauthorized; b: ')
  })
})
