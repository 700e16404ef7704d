import {describe, expect, it} from 'vitest'

import {ProgressReporter, type ToolExtra} from '../../../src/mcp/progress.js'
import {waitFor} from '../../support/processes.js'

const fakeExtra = (token?: string) => {
  const sent: any[] = []
  const extra = {_meta: token ? {progressToken: token} : undefined, sendNotification: async (n: any) => void sent.push(n.params)} as unknown as ToolExtra
  return {extra, sent}
}

describe('ProgressReporter', () => {
  it('sends strictly increasing progress: activity moves towards the next finished agent', async () => {
    const {extra, sent} = fakeExtra('t')
    const progress = new ProgressReporter(extra, 2, 60_000)
    progress.activity('a')
    progress.activity('b')
    progress.agentFinished('one done')
    progress.activity('c')
    progress.agentFinished('two done')
    await progress.stop()
    const values = sent.map((p) => p.progress)
    expect(values).toEqual([0.5, 1 - 1 / 3, 1, 1.5, 2])
    expect(sent.every((p) => p.total === 2 && p.progressToken === 't')).toBe(true)
  })

  it('sends heartbeats while silent', async () => {
    const {extra, sent} = fakeExtra('t')
    const progress = new ProgressReporter(extra, 1, 100)
    await waitFor(() => sent.filter((p) => p.message.startsWith('still running')).length >= 2, 20_000, 'two heartbeats')
    await progress.stop()
  })

  it('sends nothing without a progress token', async () => {
    const {extra, sent} = fakeExtra()
    const progress = new ProgressReporter(extra, 1, 50)
    progress.activity('x')
    await new Promise((resolve) => setTimeout(resolve, 120))
    await progress.stop()
    expect(sent).toEqual([])
  })
})
