import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {engine} from '../support/engine.js'
import {connectServe, type ServeConnection} from '../support/mcp-client.js'
import {waitFor} from '../support/processes.js'
import {useStubRig} from '../support/stub-rig.js'

const rig = useStubRig('steering')
let server: ServeConnection

const call = async (name: string, args: Record<string, unknown> = {}) =>
  (await server.client.callTool({name, arguments: args})) as {structuredContent: any; content: any; isError?: boolean}

beforeAll(async () => {
  server = await connectServe([], rig.home.env)
})
afterAll(async () => {
  await server.close()
})

// Runs on both engines (vitest projects).
describe('a reply to a running agent', () => {
  it('sees its thread id while it runs, and steers it (app-server) or says why not (exec)', async () => {
    const started = await call('start_agent', {prompt: '[[slow:30000]] [[reply:original]] steer-me'})
    const jobId = started.structuredContent.jobId
    const threadId = await waitFor(async () => (await call('get_agent', {jobId})).structuredContent.job.agents[0].threadId, 20_000, 'the running agent\'s thread id')
    await waitFor(() => rig.stub.requestsFor('steer-me').length > 0, 20_000, 'the model request')

    const reply = await call('reply_agent', {threadId, prompt: '[[reply:steered]] and also this'})
    if (engine === 'app-server') {
      expect(reply.structuredContent).toMatchObject({status: 'succeeded', output: 'steered', threadId})
      const job = await call('wait_agents', {jobIds: [jobId], timeoutSeconds: 20})
      expect(job.structuredContent.jobs[0].agents[0].outcome).toMatchObject({status: 'succeeded', output: 'steered'})
      // The turn's next model request carries both messages.
      const both = rig.stub.requests.find((r) => JSON.stringify(r.body?.input).includes('steer-me') && r.prompt?.includes('and also this'))
      expect(both).toBeDefined()
    } else {
      expect(reply.isError).toBe(true)
      expect(reply.structuredContent.error).toMatchObject({kind: 'invalid-input'})
      expect(reply.structuredContent.error.message).toContain('still running')
      await call('cancel_agent', {jobId})
    }
  })
})
