import {spawn} from 'node:child_process'
import {randomUUID} from 'node:crypto'
import * as fs from 'node:fs'
import {afterEach, describe, expect, it, vi} from 'vitest'

import {ThreadProcesses} from '../../../src/runner/engines/app-server/thread-processes.js'
import {AGENT_MARKER, clockTicksNow, processInfo} from '../../../src/runner/process-tree.js'
import {isAlive, processesWithEnv, waitFor} from '../../support/processes.js'

// The constructor's reads, counted: one agent's bookkeeping must not cost a read of every process on the machine.
vi.mock('node:fs', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:fs')>()
  return {...actual, readdirSync: vi.fn(actual.readdirSync), readFileSync: vi.fn(actual.readFileSync)}
})

const linux = process.platform === 'linux'
const started: number[] = []

afterEach(() => {
  for (const pid of started.splice(0)) {
    try {
      process.kill(pid, 'SIGKILL')
    } catch {}
  }
})

describe.runIf(linux)('an app-server thread\'s processes (ThreadProcesses)', () => {
  it('clockTicksNow is a lower bound of the start time of any process started afterwards, and not before ours', () => {
    const before = clockTicksNow()
    const child = spawn('sleep', ['30'], {stdio: 'ignore'})
    started.push(child.pid!)
    expect(before).toBeGreaterThan(processInfo(process.pid)!.start)
    expect(processInfo(child.pid!)!.start).toBeGreaterThanOrEqual(before)
  })

  it('is set up with a few small reads, not a scan of /proc', () => {
    vi.mocked(fs.readdirSync).mockClear()
    vi.mocked(fs.readFileSync).mockClear()
    const thread = new ThreadProcesses(randomUUID(), process.ppid)
    expect(thread.since).toBeGreaterThan(0)
    expect(vi.mocked(fs.readdirSync)).not.toHaveBeenCalled()
    expect(vi.mocked(fs.readFileSync).mock.calls.length).toBeLessThanOrEqual(3)
  })

  it('finds and kills a marked process started after it, never ourselves', async () => {
    const agentId = randomUUID()
    const thread = new ThreadProcesses(agentId, undefined)
    const child = spawn('sh', ['-c', 'sleep 300 & wait'], {env: {...process.env, [AGENT_MARKER]: agentId}, stdio: 'ignore', detached: true})
    started.push(child.pid!)
    await waitFor(() => processesWithEnv(AGENT_MARKER, agentId).length >= 2, 20_000, 'the shell and its sleep')
    const marked = processesWithEnv(AGENT_MARKER, agentId)
    const members = thread.members()
    expect(members).toEqual(expect.arrayContaining(marked))
    expect(members).not.toContain(process.pid)
    await thread.kill(1000)
    await waitFor(() => marked.every((pid) => !isAlive(pid)), 20_000, 'the marked processes to be gone')
  })
})
