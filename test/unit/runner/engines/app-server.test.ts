import {describe, expect, it} from 'vitest'

import {describeEvent} from '../../../../src/runner/describe-event.js'
import {parseNotification, versionFromUserAgent} from '../../../../src/runner/engines/app-server/protocol.js'
import {capDiff, MAX_DIFF_CHARS} from '../../../../src/runner/engines/app-server/run-thread.js'
import {emptyTurnUsage, toExecEvent} from '../../../../src/runner/engines/app-server/translate.js'
import {OutcomeTracker} from '../../../../src/runner/outcome.js'
import {resolveRunOptions} from '../../../../src/runner/run-options.js'

const translate = (method: string, params: unknown, usage = emptyTurnUsage()) => {
  const notification = parseNotification(method, params)?.notification
  expect(notification, method).toBeDefined()
  return toExecEvent(notification!, usage)
}

describe('app-server protocol', () => {
  it('reads the Codex version from initialize\'s userAgent', () => {
    expect(versionFromUserAgent('codex-mcp/0.169.0 (Debian 12.0.0; x86_64) xterm (codex-mcp; 0)')).toBe('0.169.0')
    expect(versionFromUserAgent('garbage')).toBeUndefined()
  })

  it('translates notifications into exec events: same progress lines, same outcome', () => {
    const usage = emptyTurnUsage()
    const ids = {threadId: 't', turnId: 'u'}
    const command = {type: 'commandExecution', id: 'c', command: "/bin/bash -lc 'npm test'", status: 'inProgress', processId: '12'}
    const events = [
      translate('turn/started', {threadId: 't', turn: {id: 'u', status: 'inProgress', error: null}}),
      translate('item/started', {...ids, item: command}, usage),
      translate('item/completed', {...ids, item: {...command, status: 'completed', exitCode: 0, aggregatedOutput: 'ok'}}, usage),
      translate('item/started', {...ids, item: {type: 'fileChange', id: 'f', status: 'inProgress', changes: [{path: 'src/a.ts', kind: {type: 'update'}, diff: ''}]}}),
      translate('thread/tokenUsage/updated', {...ids, tokenUsage: {last: {inputTokens: 100, cachedInputTokens: 5, outputTokens: 10, reasoningOutputTokens: 1}}}, usage),
      translate('thread/tokenUsage/updated', {...ids, tokenUsage: {last: {inputTokens: 50, cachedInputTokens: 0, outputTokens: 5, reasoningOutputTokens: 0}}}, usage),
      translate('item/completed', {...ids, item: {type: 'agentMessage', id: 'm', text: 'done'}}),
      translate('turn/completed', {threadId: 't', turn: {id: 'u', status: 'completed', error: null}}, usage),
    ]
    expect(events.map((event) => event && describeEvent(event))).toEqual([
      undefined,
      'running: npm test',
      'ran: npm test (exit 0)',
      'editing src/a.ts',
      undefined,
      undefined,
      'agent message: done',
      'tokens used: 165',
    ])
    const outcome = new OutcomeTracker()
    outcome.observe({type: 'thread.started', thread_id: 't'})
    for (const event of events) if (event) outcome.observe(event)
    expect(outcome.finish({exitCode: 0, stderrTail: '', durationMs: 1})).toMatchObject({
      output: 'done',
      threadId: 't',
      usage: {inputTokens: 150, cachedInputTokens: 5, outputTokens: 15, reasoningOutputTokens: 1, totalTokens: 165},
    })
  })

  it('retries become reconnect notices; a failed turn fails the agent with the provider\'s message', () => {
    expect(translate('error', {threadId: 't', turnId: 'u', error: {message: 'stream disconnected'}, willRetry: true})).toEqual({
      type: 'error',
      message: 'Reconnecting... stream disconnected',
    })
    const failed = translate('turn/completed', {threadId: 't', turn: {id: 'u', status: 'failed', error: {message: 'unexpected status 500'}}})
    const outcome = new OutcomeTracker()
    outcome.observe(failed!)
    expect(() => outcome.finish({exitCode: 0, stderrTail: '', durationMs: 1})).toThrow(/unexpected status 500/)
  })
})

describe('capDiff', () => {
  it('keeps a diff up to the cap and says where the rest is', () => {
    expect(capDiff('small', '/repo')).toBe('small')
    const capped = capDiff('x'.repeat(MAX_DIFF_CHARS + 5), '/repo')
    expect(capped.startsWith('x'.repeat(MAX_DIFF_CHARS))).toBe(true)
    expect(capped).toContain('5 more characters of diff: see `git diff` in /repo')
  })
})

describe('engine selection', () => {
  it('config, then CODEX_MCP_ENGINE, then auto; a bad CODEX_MCP_ENGINE is a clear error', () => {
    expect(resolveRunOptions({}, {prompt: 'x'}, {baseEnv: {}}).engine).toBe('auto')
    expect(resolveRunOptions({}, {prompt: 'x'}, {baseEnv: {CODEX_MCP_ENGINE: 'app-server'}}).engine).toBe('app-server')
    expect(resolveRunOptions({engine: 'exec'}, {prompt: 'x'}, {baseEnv: {CODEX_MCP_ENGINE: 'app-server'}}).engine).toBe('exec')
    expect(() => resolveRunOptions({}, {prompt: 'x'}, {baseEnv: {CODEX_MCP_ENGINE: 'fast'}})).toThrow(/Invalid CODEX_MCP_ENGINE "fast": expected one of auto, exec, app-server/)
  })
})
