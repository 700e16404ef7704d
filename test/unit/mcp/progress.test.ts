import {describe, expect, it} from 'vitest'

import {ProgressReporter, type ToolExtra} from '../../../src/mcp/progress.js'
import {waitFor} from '../../support/processes.js'

const fakeExtra = (token?: string) => {
  const sent: any[] = []
  const log: string[] = []
  const extra = {
    _meta: token ? {progressToken: token} : undefined,
    signal: new AbortController().signal,
    sendNotification: async (n: any) => {
      sent.push(n.params)
      log.push('progress')
    },
    sendRequest: async (r: any) => {
      log.push(r.method)
      return {}
    },
  } as unknown as ToolExtra
  return {extra, sent, log}
}


describe('ProgressReporter', () => {
  it('a batch reports agents finished / total; activity adds only millionths; the last finish is left to the result', async () => {
    const {extra, sent} = fakeExtra('t')
    const progress = new ProgressReporter(extra, 2, 60_000)
    progress.activity('a')
    progress.activity('b')
    progress.agentFinished('one done')
    progress.activity('c')
    progress.agentFinished('two done')
    await progress.stop()
    expect(sent.map((p) => p.progress)).toEqual([0.000001, 0.000002, 1, 1.000001])
    expect(sent.map((p) => p.message)).toEqual(['a', 'b', 'one done', 'c'])
    expect(sent.every((p) => p.total === 2 && p.progressToken === 't')).toBe(true)
  })

  it('a single agent: messages with a plain counter and no total (no fraction of one agent)', async () => {
    const {extra, sent} = fakeExtra('t')
    const progress = new ProgressReporter(extra, undefined, 60_000)
    progress.activity('running: npm test')
    progress.activity('editing src/a.ts')
    await progress.stop()
    expect(sent).toEqual([
      {progressToken: 't', progress: 1, message: 'running: npm test'},
      {progressToken: 't', progress: 2, message: 'editing src/a.ts'},
    ])
  })

  it('after a recent notification, stop() waits for a ping round trip before the result may go', async () => {
    const {extra, log} = fakeExtra('t')
    const progress = new ProgressReporter(extra, undefined, 60_000)
    progress.activity('x')
    await progress.stop()
    expect(log).toEqual(['progress', 'ping'])
    progress.activity('after stop')
    expect(log).toEqual(['progress', 'ping'])
  })

  it('sends heartbeats while silent', async () => {
    const {extra, sent} = fakeExtra('t')
    const progress = new ProgressReporter(extra, undefined, 100)
    await waitFor(() => sent.filter((p) => p.message.startsWith('still running')).length >= 2, 20_000, 'two heartbeats')
    await progress.stop()
  })

  it('sends nothing (and pings nothing) without a progress token', async () => {
    const {extra, log} = fakeExtra()
    const progress = new ProgressReporter(extra, 1, 50)
    progress.activity('x')
    await progress.stop()
    expect(log).toEqual([])
  })
})
