import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {connectServe, type ServeConnection} from '../support/mcp-client.js'
import {useStubRig} from '../support/stub-rig.js'

/** detachAfterMs: a blocking call answers `running` with the job and the next call; the agents carry on. */
const rig = useStubRig('detach')
let server: ServeConnection

beforeAll(async () => {
  server = await connectServe([], rig.home.env)
})
afterAll(() => server.close())

const call = async (name: string, args: Record<string, unknown>) => (await server.client.callTool({name, arguments: args}, undefined, {timeout: 120_000})) as any

describe('detachAfterMs', () => {
  it('spawn_agent with detachAfterMs 0 answers `running` + next; the next call brings the result', async () => {
    const first = await call('spawn_agent', {prompt: '<<slow:1500>> <<reply:detached and done>>', detachAfterMs: 0})
    expect(first.isError).toBeFalsy()
    expect(first.structuredContent).toMatchObject({status: 'running', jobId: expect.any(String), next: {tool: 'wait_agents'}})
    expect(first.content[0].text).toContain(`wait_agents({"jobIds": ["${first.structuredContent.jobId}"]})`)
    const {tool, arguments: args} = first.structuredContent.next
    let result = await call(tool, args)
    while (result.structuredContent.next) result = await call(result.structuredContent.next.tool, result.structuredContent.next.arguments)
    expect(result.structuredContent).toMatchObject({done: true, jobs: [{status: 'succeeded', agents: [{outcome: {output: 'detached and done'}}]}]})
  }, 120_000)

  it('spawn_agents_parallel with detachAfterMs 0: `running` with headline and counts', async () => {
    const first = await call('spawn_agents_parallel', {agents: [{prompt: '<<slow:1000>> a'}, {prompt: '<<slow:1000>> b'}], detachAfterMs: 0})
    expect(first.structuredContent).toMatchObject({status: 'running', jobId: expect.any(String), summary: {total: 2, succeeded: 0}, next: {tool: 'wait_agents'}})
    expect(first.structuredContent.headline).toMatch(/^0\/2 agents succeeded/)
    const done = await call('wait_agents', {...first.structuredContent.next.arguments, timeoutSeconds: 90})
    expect(done.structuredContent).toMatchObject({done: true, jobs: [{status: 'succeeded'}]})
  }, 120_000)
})
