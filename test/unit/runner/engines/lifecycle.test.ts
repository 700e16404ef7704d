import {describe, expect, it} from 'vitest'

import type {CodexEvent} from '../../../../src/runner/events.js'
import {AgentLifecycle, cancelledError, runLifecycle} from '../../../../src/runner/engines/lifecycle.js'
import {resolveRunOptions} from '../../../../src/runner/run-options.js'

const options = (over: {timeoutMs?: number; reconnectTimeoutMs?: number; resumeThreadId?: string} = {}) => ({
  ...resolveRunOptions({timeoutMs: over.timeoutMs ?? 60_000, reconnectTimeoutMs: over.reconnectTimeoutMs ?? 60_000}, {prompt: 'hi', resumeThreadId: over.resumeThreadId}, {baseCwd: '/tmp', baseEnv: {}}),
})

/** Controls that count their calls; kill resolves at once. */
function controls() {
  const calls = {interrupt: 0, kill: 0}
  return {calls, controls: {interrupt: () => void calls.interrupt++, kill: async () => void calls.kill++}}
}

const until = (signal: AbortSignal) => new Promise<void>((resolve) => (signal.aborted ? resolve() : signal.addEventListener('abort', () => resolve(), {once: true})))

describe('one agent lifecycle (both engines)', () => {
  it('a timeout interrupts and kills once, and is the timeout error', async () => {
    const {calls, controls: c} = controls()
    const run = runLifecycle(options({timeoutMs: 20}), {}, async (life) => {
      life.started(c)
      await until(life.stopped)
      return () => ({output: 'never', usage: {inputTokens: 0, cachedInputTokens: 0, outputTokens: 0, reasoningOutputTokens: 0, totalTokens: 0}, exitCode: 0, durationMs: 0})
    })
    await expect(run).rejects.toMatchObject({kind: 'timeout', retryable: true, timedOut: true})
    expect(calls).toEqual({interrupt: 1, kill: 1})
  })

  it('the caller\'s abort is "cancelled"; an already aborted signal never starts the agent', async () => {
    const abort = new AbortController()
    const run = runLifecycle(options(), {signal: abort.signal}, async (life) => {
      life.started(controls().controls)
      abort.abort()
      await until(life.stopped)
      throw new Error('the engine saw its process die')
    })
    await expect(run).rejects.toMatchObject({kind: 'cancelled', shortMessage: 'Agent cancelled: agent in /tmp'})
    let started = false
    await expect(runLifecycle(options(), {signal: abort.signal}, async () => {
      started = true
      return () => {
        throw new Error('unreachable')
      }
    })).rejects.toMatchObject({kind: 'cancelled'})
    expect(started).toBe(false)
    expect(cancelledError('/w', 't').toJSON()).toMatchObject({kind: 'cancelled', message: 'Agent cancelled: agent in /w'})
  })

  it('a stop before the engine started kills the agent as soon as it starts; the first reason wins', async () => {
    const life = new AgentLifecycle(options(), {})
    life.stop('engine-crashed', 'Codex app-server exited with code 1')
    life.stop('timeout')
    const {calls, controls: c} = controls()
    life.started(c)
    await life.end()
    expect(calls.kill).toBe(1)
    expect(life.stopError()).toMatchObject({kind: 'engine-crashed', retryable: true, shortMessage: 'Codex app-server exited with code 1 while the agent ran'})
  })

  it('"Reconnecting…" for reconnectTimeoutMs is provider-unreachable', async () => {
    const life = new AgentLifecycle(options({reconnectTimeoutMs: 20}), {})
    life.started(controls().controls)
    life.observe({type: 'error', message: 'Reconnecting... 1/5'} as CodexEvent)
    await until(life.stopped)
    await life.end()
    expect(life.stopError()).toMatchObject({kind: 'provider-unreachable', retryable: true})
  })

  it('a resumed thread that comes back as another thread is unknown-thread, on any engine', async () => {
    const resumeThreadId = '01a2134a-0000-7000-8000-000000000000'
    const events: CodexEvent[] = []
    const life = new AgentLifecycle(options({resumeThreadId}), {onEvent: (event) => events.push(event)})
    life.observe({type: 'thread.started', thread_id: resumeThreadId.toUpperCase()} as CodexEvent)
    expect(life.stopReason).toBeUndefined()
    life.observe({type: 'thread.started', thread_id: '01a2134a-0000-7000-8000-0000000000ff'} as CodexEvent)
    await life.end()
    expect(life.stopError()).toMatchObject({kind: 'unknown-thread', shortMessage: expect.stringContaining(resumeThreadId)})
    expect(events).toHaveLength(2)
  })

  it('a protocol mismatch is retryable and says what did not match', async () => {
    const life = new AgentLifecycle(options(), {})
    life.stop('protocol-mismatch', 'Codex 0.172.0 sent a turn/completed notification that the app-server engine does not understand (turn.status: Invalid option)')
    await life.end()
    expect(life.stopError()).toMatchObject({kind: 'protocol-mismatch', retryable: true, shortMessage: expect.stringContaining('0.172.0')})
  })

  it('no stop: the engine\'s result, with the kept events', async () => {
    const run = await runLifecycle(options(), {keepEvents: true}, async (life) => {
      life.started(controls().controls)
      life.observe({type: 'thread.started', thread_id: 't'} as CodexEvent)
      life.observe({type: 'item.completed', item: {id: 'm', type: 'agent_message', text: 'ok'}} as CodexEvent)
      life.observe({type: 'turn.completed', usage: {input_tokens: 1, cached_input_tokens: 0, output_tokens: 1, reasoning_output_tokens: 0}} as CodexEvent)
      return () => life.outcome.finish({exitCode: 0, stderrTail: '', durationMs: 1})
    })
    expect(run).toMatchObject({output: 'ok', threadId: 't'})
    expect(run.events).toHaveLength(3)
  })
})
