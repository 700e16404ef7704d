/**
 * What sits between serve and Codex dies on its own (the OOM killer): the per-agent supervisor (exec engine)
 * or the shared app-server process (app-server engine). The agent's call must fail at once with a clear
 * error, and nothing of the agent may live on.
 */
import {mkdtemp, rm} from 'node:fs/promises'
import {readFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import path from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {treePids, treeScript, treeStarted} from '../support/agent-tree.js'
import {type CodexHome, createCodexHome} from '../support/codex-home.js'
import {engine} from '../support/engine.js'
import {connectServe, type ServeConnection} from '../support/mcp-client.js'
import {isAlive, processesWithEnv, waitFor} from '../support/processes.js'
import {type StubProvider, startStubProvider} from '../support/stub-provider.js'

let stub: StubProvider
let home: CodexHome
let server: ServeConnection
let dir: string

beforeAll(async () => {
  stub = await startStubProvider()
  home = await createCodexHome(stub.url)
  dir = await mkdtemp(path.join(tmpdir(), 'codex-mcp-supervisor-'))
  server = await connectServe([], home.env)
})
afterAll(async () => {
  await server?.close()
  await stub.close()
  await home.cleanup()
  await rm(dir, {recursive: true, force: true})
})

/** Processes of the agent: everything with the test's CODEX_HOME but the server itself. */
const agentProcesses = () => processesWithEnv('CODEX_HOME', home.dir).filter((pid) => pid !== server.pid)

const comm = (pid: number) => {
  try {
    return readFileSync(`/proc/${pid}/comm`, 'utf8').trim()
  } catch {
    return ''
  }
}

describe('the process between serve and Codex is killed mid-run', () => {
  it(`${engine === 'exec' ? 'the supervisor' : 'app-server'} gets SIGKILL: the call fails at once (engine-crashed), no Codex and none of its processes live on`, async () => {
    const call = server.client.callTool({name: 'spawn_agent', arguments: {prompt: treeScript(dir)}}) as Promise<{structuredContent: any}>
    await waitFor(() => treeStarted(dir), 30_000, 'the agent\'s command to start')
    const [grandchild, shell] = await treePids(dir)
    // exec: the supervisor is the perl process that carries the agent's CODEX_HOME; app-server: the codex process.
    const target = agentProcesses().find((pid) => comm(pid) === (engine === 'exec' ? 'perl' : 'codex'))
    expect(target).toBeDefined()
    const killedAt = Date.now()
    process.kill(target!, 'SIGKILL')
    const result = await call
    const answeredMs = Date.now() - killedAt
    expect(result.structuredContent.status).toBe('failed')
    if (engine === 'exec') expect(result.structuredContent.error.kind).toBe('engine-crashed')
    expect(result.structuredContent.error.message).toMatch(/killed|crashed|SIGKILL/i)
    // Not a timing assertion: without the fix the call answers only when the 300 s command ends.
    expect(answeredMs).toBeLessThan(30_000)
    await waitFor(() => !isAlive(grandchild) && !isAlive(shell) && agentProcesses().length === 0, 10_000, 'every process of the agent to end')
  })
})
