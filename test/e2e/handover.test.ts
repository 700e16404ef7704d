/**
 * Thread handover: one thread moves between a warm `serve --engine app-server` and `codex exec resume` run by
 * another process (the CLI's `spawn --resume`, as another client's server would), in both directions, and keeps one
 * history: every turn's model request carries every earlier turn, whichever process ran it.
 */
import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {runCli} from '../support/cli.js'
import {connectServe, type ServeConnection} from '../support/mcp-client.js'
import {processesWithEnv, waitFor} from '../support/processes.js'
import {useStubRig} from '../support/stub-rig.js'

const rig = useStubRig('handover')
let warm: ServeConnection

beforeAll(async () => {
  warm = await connectServe(['--engine', 'app-server'], rig.home.env)
})
afterAll(async () => {
  await warm?.close()
  await waitFor(() => processesWithEnv('CODEX_HOME', rig.home.dir).length === 0, 10_000, 'no codex left').catch(() => {})
  expect(processesWithEnv('CODEX_HOME', rig.home.dir)).toEqual([])
})

/** A turn on the warm server: a new thread, or a reply on `threadId`. */
async function warmTurn(prompt: string, threadId?: string) {
  const result = threadId
    ? await warm.client.callTool({name: 'reply_agent', arguments: {threadId, prompt}})
    : await warm.client.callTool({name: 'spawn_agent', arguments: {prompt}})
  const content = result.structuredContent as any
  expect(content, JSON.stringify(content)).toMatchObject({status: 'succeeded'})
  return content.threadId as string
}

/** A turn in another process: `codex-mcp spawn --engine exec`, i.e. `codex exec` / `codex exec resume`. */
async function cliTurn(prompt: string, threadId?: string) {
  const run = await runCli(['spawn', '--json', '--engine', 'exec', ...(threadId ? ['--resume', threadId] : []), prompt], {env: rig.home.env})
  const json = JSON.parse(String(run.stdout))
  expect(json, JSON.stringify(json.error) + String(run.stderr)).toMatchObject({status: 'succeeded'})
  return json.threadId as string
}

/** The conversation the model was sent for the turn whose prompt holds `marker`. */
const historyOf = (marker: string) => JSON.stringify(rig.stub.requestsFor(marker).at(-1)?.body.input ?? null)

describe('a thread moves between a warm app-server and codex exec resume, with one history', () => {
  it('warm serve → CLI → warm serve', async () => {
    const threadId = await warmTurn('[[reply:one]] ho-a1 the word is heron')
    expect(await cliTurn('[[reply:two]] ho-a2 and the next is otter', threadId)).toBe(threadId)
    expect(historyOf('ho-a2')).toContain('the word is heron')
    expect(await warmTurn('[[reply:three]] ho-a3', threadId)).toBe(threadId)
    expect(historyOf('ho-a3')).toContain('the word is heron')
    expect(historyOf('ho-a3')).toContain('and the next is otter')
  })

  it('CLI → warm serve → CLI → warm serve', async () => {
    const threadId = await cliTurn('[[reply:one]] ho-b1 the word is lynx')
    expect(await warmTurn('[[reply:two]] ho-b2 and the next is marten', threadId)).toBe(threadId)
    expect(historyOf('ho-b2')).toContain('the word is lynx')
    expect(await cliTurn('[[reply:three]] ho-b3 then ibex', threadId)).toBe(threadId)
    expect(historyOf('ho-b3')).toContain('and the next is marten')
    expect(await warmTurn('[[reply:four]] ho-b4', threadId)).toBe(threadId)
    for (const word of ['the word is lynx', 'and the next is marten', 'then ibex']) expect(historyOf('ho-b4')).toContain(word)
  })

  it('warm serve → another warm serve → the first again', async () => {
    const other = await connectServe(['--engine', 'app-server'], rig.home.env)
    try {
      const threadId = await warmTurn('[[reply:one]] ho-c1 the word is stoat')
      const reply = await other.client.callTool({name: 'reply_agent', arguments: {threadId, prompt: '[[reply:two]] ho-c2 and the next is vole'}})
      expect(reply.structuredContent).toMatchObject({status: 'succeeded', threadId})
      expect(historyOf('ho-c2')).toContain('the word is stoat')
      expect(await warmTurn('[[reply:three]] ho-c3', threadId)).toBe(threadId)
      expect(historyOf('ho-c3')).toContain('and the next is vole')
    } finally {
      await other.close()
    }
  })
})
