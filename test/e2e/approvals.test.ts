import {ElicitRequestSchema} from '@modelcontextprotocol/sdk/types.js'
import {existsSync} from 'node:fs'
import {mkdtemp, writeFile} from 'node:fs/promises'
import path from 'node:path'
import {afterAll, describe, expect, it} from 'vitest'

import {runCli} from '../support/cli.js'
import {connectServe, type ServeConnection} from '../support/mcp-client.js'
import {useStubRig} from '../support/stub-rig.js'

const rig = useStubRig('approvals')
const servers: ServeConnection[] = []
afterAll(async () => {
  for (const server of servers) await server.close()
})

type Answer = 'accept' | 'decline' | 'never'
/** serve --engine app-server --approvals ask, and a client whose elicitation handler answers `answer` (none: no capability). */
async function serveAsking(answer: Answer | 'no-capability', extraArgs: string[] = []) {
  const messages: string[] = []
  const conn = await connectServe(['--engine', 'app-server', '--approvals', 'ask', ...extraArgs], rig.home.env, answer === 'no-capability' ? undefined : {capabilities: {elicitation: {}}})
  servers.push(conn)
  if (answer !== 'no-capability') {
    conn.client.setRequestHandler(ElicitRequestSchema, async (request) => {
      messages.push(request.params.message)
      if (answer === 'never') return new Promise(() => {})
      return {action: answer}
    })
  }
  return {conn, messages}
}

/** An agent that asks to create a file outside its sandbox's writable roots. */
async function escalatingAgent(conn: ServeConnection) {
  const dir = await mkdtemp(path.join(rig.work, 'target-'))
  const outside = path.join(dir, 'escalated.txt')
  const cwd = await mkdtemp(path.join(rig.work, 'cwd-'))
  const result = (await conn.client.callTool({name: 'spawn_agent', arguments: {prompt: `[[escalate:touch ${outside} && echo made]]`, cwd}})) as any
  return {result, outside}
}

describe('approvals "ask" (app-server engine)', () => {
  it('accept: the client is asked what, where and why, and the command runs', async () => {
    const {conn, messages} = await serveAsking('accept')
    const {result, outside} = await escalatingAgent(conn)
    expect(result.structuredContent).toMatchObject({
      status: 'succeeded',
      approvals: [{kind: 'command', command: expect.stringContaining('escalated.txt'), decision: 'accepted', decidedBy: 'client'}],
    })
    expect(messages[0]).toMatch(/asks to run `touch .*escalated\.txt && echo made` outside its sandbox: the stub asks/)
    expect(existsSync(outside)).toBe(true)
  })

  it('decline: the command does not run, and the result says so', async () => {
    const {conn} = await serveAsking('decline')
    const {result, outside} = await escalatingAgent(conn)
    expect(result.structuredContent).toMatchObject({status: 'succeeded', approvals: [{kind: 'command', decision: 'declined', decidedBy: 'client'}]})
    expect(existsSync(outside)).toBe(false)
  })

  it('a client without the elicitation capability: declined', async () => {
    const {conn} = await serveAsking('no-capability')
    const {result, outside} = await escalatingAgent(conn)
    expect(result.structuredContent).toMatchObject({approvals: [{decision: 'declined', decidedBy: 'unsupported'}]})
    expect(existsSync(outside)).toBe(false)
  })

  it('no answer within approvalTimeoutMs: declined', async () => {
    const config = path.join(rig.work, 'timeout.json')
    await writeFile(config, JSON.stringify({approvalTimeoutMs: 500}))
    const {conn} = await serveAsking('never', ['--config', config])
    const {result, outside} = await escalatingAgent(conn)
    expect(result.structuredContent).toMatchObject({approvals: [{decision: 'declined', decidedBy: 'timeout'}]})
    expect(existsSync(outside)).toBe(false)
  })

  it('ask with the exec engine is a clear startup error', async () => {
    const result = await runCli(['spawn', '--engine', 'exec', '--approvals', 'ask', 'hi'], {env: rig.home.env})
    expect(result.exitCode).toBe(2)
    expect(result.stderr).toContain('approvals "ask" needs the app-server engine')
    expect(result.stderr).not.toMatch(/\n\s+at /)
  })
})
