import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {connectServe, type ServeConnection} from '../support/mcp-client.js'
import {useStubRig} from '../support/stub-rig.js'

const rig = useStubRig('structured')
let server: ServeConnection

beforeAll(async () => {
  server = await connectServe([], rig.home.env)
})
afterAll(async () => {
  await server.close()
})

const outputSchema = {
  type: 'object',
  properties: {files: {type: 'array', items: {type: 'string'}}, ok: {type: 'boolean'}},
  required: ['files', 'ok'],
  additionalProperties: false,
}

// Runs on both engines (vitest projects): exec passes --output-schema FILE, app-server the turn's outputSchema.
describe('structured output (outputSchema)', () => {
  it('sends the schema to the model and returns the answer parsed as `structured`', async () => {
    const result = (await server.client.callTool({
      name: 'spawn_agent',
      arguments: {prompt: '[[reply:{"files":["a.ts"],"ok":true}]] schema-ok', outputSchema},
    })) as any
    expect(result.isError).toBeFalsy()
    expect(result.structuredContent).toMatchObject({status: 'succeeded', structured: {files: ['a.ts'], ok: true}})
    const format = rig.stub.requestsFor('schema-ok').at(-1)?.body.text?.format
    expect(format).toMatchObject({type: 'json_schema', schema: outputSchema})
  })

  it('an answer that is not JSON is a clear, retryable error that keeps the thread', async () => {
    const result = (await server.client.callTool({name: 'spawn_agent', arguments: {prompt: '[[reply:sorry, no JSON]] schema-bad', outputSchema}})) as any
    expect(result.isError).toBe(true)
    expect(result.structuredContent).toMatchObject({status: 'failed', threadId: expect.any(String), error: {kind: 'invalid-output', retryable: true}})
    expect(result.structuredContent.error.message).toContain('not the JSON its outputSchema asks for')
  })
})
