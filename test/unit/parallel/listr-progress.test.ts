import {Writable} from 'node:stream'
import {describe, expect, it} from 'vitest'

import {listrProgress} from '../../../src/parallel/listr-progress.js'

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

function fakeTerminal() {
  const chunks: string[] = []
  const stream = Object.assign(
    new Writable({
      write(chunk, _encoding, callback) {
        chunks.push(String(chunk))
        callback()
      },
    }),
    {isTTY: true, columns: 100, rows: 30},
  ) as unknown as NodeJS.WriteStream
  return {stream, text: () => chunks.join('')}
}

describe('listrProgress (terminal view)', () => {
  it('draws one row per task with its state or latest activity, then clears and restores the cursor', async () => {
    const terminal = fakeTerminal()
    const progress = listrProgress(['fix-auth', 'docs'], terminal.stream)
    progress.update({index: 0, state: 'queued'})
    progress.update({index: 1, state: 'queued'})
    progress.update({index: 0, state: 'running'})
    progress.update({index: 0, state: 'running', activity: 'running: npm test'})
    // Listr renders on its own timer: wait for the frame, not for a fixed time (a loaded machine is slow).
    for (const deadline = Date.now() + 20_000; !/fix-auth {2}running: npm test · \d\.\ds/.test(terminal.text()) && Date.now() < deadline; ) await sleep(25)
    const live = terminal.text()
    expect(live).toMatch(/fix-auth {2}running: npm test · \d\.\ds/)
    expect(live).toMatch(/docs {6}queued/)

    progress.update({index: 0, state: 'failed', entry: {index: 0, status: 'failed', output: '', durationMs: 1500, error: {kind: 'timeout', message: 'Codex timed out', retryable: true}}})
    progress.update({index: 1, state: 'cancelled', entry: {index: 1, status: 'cancelled', output: '', durationMs: 0}})
    await progress.stop()
    const all = terminal.text()
    expect(all).toMatch(/fix-auth {2}failed: Codex timed out · 1\.5s/)
    expect(all).toMatch(/docs {6}cancelled/)
    expect(all.endsWith('\u001B[?25h')).toBe(true)
  })
})
