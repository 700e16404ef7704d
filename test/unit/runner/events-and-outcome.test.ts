import {describe, expect, it} from 'vitest'

import {CodexMcpError} from '../../../src/errors.js'
import {describeEvent, shortCommand} from '../../../src/runner/describe-event.js'
import {isReconnectNotice, parseEventLine} from '../../../src/runner/events.js'
import {OutcomeTracker} from '../../../src/runner/outcome.js'

const lines = (events: object[]) => events.map((e) => parseEventLine(JSON.stringify(e))!)
const track = (events: object[]) => {
  const tracker = new OutcomeTracker()
  for (const event of lines(events)) tracker.observe(event)
  return tracker
}
const exit = (exitCode: number | null, stderrTail = '') => ({exitCode, stderrTail, durationMs: 5})

describe('parseEventLine', () => {
  it('parses the events Codex 0.169 emits', () => {
    expect(parseEventLine('{"type":"thread.started","thread_id":"t1"}')).toEqual({type: 'thread.started', thread_id: 't1'})
    const item = parseEventLine('{"type":"item.completed","item":{"id":"i","type":"command_execution","command":"ls","aggregated_output":"a","exit_code":0,"status":"completed"}}')
    expect(item).toMatchObject({type: 'item.completed', item: {type: 'command_execution', command: 'ls', exit_code: 0}})
  })

  it('keeps unknown events and non-JSON lines instead of failing', () => {
    expect(parseEventLine('{"type":"brand.new","x":1}')).toEqual({type: 'unknown', raw: {type: 'brand.new', x: 1}})
    expect(parseEventLine('not json')).toEqual({type: 'unknown', raw: 'not json'})
    expect(parseEventLine('   ')).toBeUndefined()
  })

  it('keeps unknown item types', () => {
    expect(parseEventLine('{"type":"item.completed","item":{"type":"future_item","foo":1}}')).toMatchObject({item: {type: 'future_item', foo: 1}})
  })
})

describe('OutcomeTracker', () => {
  it('takes the thread id, the last agent message and the usage', () => {
    const result = track([
      {type: 'thread.started', thread_id: 'abc'},
      {type: 'item.completed', item: {type: 'error', message: 'Model metadata for `stub-model` not found.'}},
      {type: 'item.completed', item: {type: 'agent_message', text: 'first'}},
      {type: 'item.completed', item: {type: 'agent_message', text: 'final'}},
      {type: 'turn.completed', usage: {input_tokens: 7, cached_input_tokens: 2, output_tokens: 3, reasoning_output_tokens: 1}},
    ]).finish(exit(0))
    expect(result).toEqual({
      output: 'final',
      threadId: 'abc',
      exitCode: 0,
      durationMs: 5,
      usage: {inputTokens: 7, cachedInputTokens: 2, outputTokens: 3, reasoningOutputTokens: 1, totalTokens: 10},
    })
  })

  it('fails on turn.failed even when the exit code is 0', () => {
    const tracker = track([{type: 'thread.started', thread_id: 't'}, {type: 'turn.failed', error: {message: 'boom'}}])
    expect(() => tracker.finish(exit(0))).toThrow(/Codex agent failed: boom/)
  })

  it('does not fail on "Reconnecting…" notices', () => {
    const tracker = track([
      {type: 'error', message: 'Reconnecting... waiting for network (1/5)'},
      {type: 'item.completed', item: {type: 'agent_message', text: 'ok'}},
      {type: 'turn.completed'},
    ])
    expect(tracker.finish(exit(0)).output).toBe('ok')
    expect(isReconnectNotice(parseEventLine('{"type":"error","message":"Reconnecting... 2/5"}')!)).toBe(true)
  })

  it.each([
    ['Missing environment variable: `STUB_API_KEY`.', 'missing-env-key', false],
    ['{"error":{"message":"bad model","type":"invalid_request_error","code":"model_not_found"}}', 'provider-error', false],
    ['We\'re currently experiencing high demand, which may cause temporary errors.', 'provider-error', true],
    ['unexpected status 401 Unauthorized: invalid api key', 'auth', false],
    ['exceeded retry limit, last status: 429 Too Many Requests', 'rate-limited', true],
    ['something else', 'turn-failed', false],
  ])('classifies %j as %s', (message, kind, retryable) => {
    const error = (() => {
      try {
        track([{type: 'turn.failed', error: {message}}]).finish(exit(1))
      } catch (e) {
        return e as CodexMcpError
      }
    })()!
    expect(error.kind).toBe(kind)
    expect(error.retryable).toBe(retryable)
  })

  it('names an unknown thread for `resume`', () => {
    expect(() => track([]).finish(exit(1, 'Error: no rollout found for thread id 123\nstack backtrace:\n   0: x'))).toThrow(/No Codex thread with that id/)
  })

  it('reports a non-zero exit with the meaningful stderr line, not the noise', () => {
    const stderr = 'WARNING: proceeding, even though we could not create PATH aliases: x\nError: config is broken\n'
    expect(() => track([]).finish(exit(2, stderr))).toThrow('Codex exited with code 2 before the turn completed: Error: config is broken')
  })
})

describe('describeEvent', () => {
  it('says what the agent is doing', () => {
    const [started, edited, message] = lines([
      {type: 'item.started', item: {type: 'command_execution', command: "/bin/bash -lc 'npm test'"}},
      {type: 'item.started', item: {type: 'file_change', changes: [{path: 'src/auth.ts', kind: 'update'}]}},
      {type: 'item.completed', item: {type: 'agent_message', text: 'All done.\nDetails…'}},
    ])
    expect(describeEvent(started)).toBe('running: npm test')
    expect(describeEvent(edited)).toBe('editing src/auth.ts')
    expect(describeEvent(message)).toBe('agent message: All done.')
    expect(shortCommand('git status')).toBe('git status')
  })
})
