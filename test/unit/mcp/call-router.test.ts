import {Client} from '@modelcontextprotocol/sdk/client/index.js'
import {InMemoryTaskStore} from '@modelcontextprotocol/sdk/experimental/tasks/stores/in-memory.js'
import {InMemoryTransport} from '@modelcontextprotocol/sdk/inMemory.js'
import {McpServer} from '@modelcontextprotocol/sdk/server/mcp.js'
import {CallToolResultSchema, CreateTaskResultSchema} from '@modelcontextprotocol/sdk/types.js'
import {afterEach, describe, expect, it} from 'vitest'
import * as z from 'zod'

import {installTools} from '../../../src/mcp/call-router.js'
import type {Job} from '../../../src/jobs/job-schema.js'
import {defineTool, type ToolDeps, toolResult} from '../../../src/mcp/tools/tool.js'

/**
 * The call router uses only the SDK's public API (registerTool, experimental.tasks.registerToolTask,
 * server.setRequestHandler): if an SDK update changes how tools are listed or called, these fail first.
 */
const calls: string[] = []
const echo = defineTool({
  name: 'echo',
  readme: {blocks: 'no', does: 'echoes'},
  config: () => ({
    title: 'Echo',
    description: 'Echoes.',
    inputSchema: z.object({text: z.string()}).strict(),
    outputSchema: z.object({echoed: z.string().optional(), error: z.unknown().optional()}),
    annotations: {readOnlyHint: true},
  }),
  failure: (message) => ({error: message}),
  handler: () => async ({text}) => {
    if (text === 'throw') throw new Error('boom')
    if (text === 'bad-output') return toolResult({echoed: 42 as unknown as string}, 'bad')
    return toolResult({echoed: text}, text)
  },
})
const slow = defineTool({
  name: 'slow',
  readme: {blocks: 'yes', does: 'blocks'},
  config: () => ({
    title: 'Slow',
    description: 'Blocks, or runs as a task.',
    inputSchema: z.object({n: z.number()}).strict(),
    outputSchema: z.object({n: z.number().optional(), error: z.unknown().optional()}),
    annotations: {},
  }),
  failure: (message) => ({error: message}),
  handler: () => async ({n}) => {
    calls.push(`blocking ${n}`)
    return toolResult({n}, `n=${n}`)
  },
  task: () => ({n}, jobId) => {
    calls.push(`task ${n} ${jobId}`)
    return {jobId} as Job
  },
})

const open: Array<() => Promise<void>> = []
afterEach(async () => {
  while (open.length > 0) await open.pop()!()
  calls.length = 0
})

async function connect() {
  const taskStore = new InMemoryTaskStore()
  const server = new McpServer({name: 't', version: '0'}, {capabilities: {tasks: {requests: {tools: {call: {}}}}}, taskStore})
  installTools(server, [echo, slow], {} as ToolDeps, {maxAgents: 32, maxConcurrency: 4})
  const [serverSide, clientSide] = InMemoryTransport.createLinkedPair()
  await server.connect(serverSide)
  const client = new Client({name: 'c', version: '0'})
  await client.connect(clientSide)
  open.push(async () => {
    await client.close()
    await server.close()
    taskStore.cleanup()
  })
  return client
}

describe('call router on the SDK\'s public API', () => {
  it('the SDK lists the tools, with task support for task-capable ones', async () => {
    const client = await connect()
    const {tools} = await client.listTools()
    expect(tools.map((tool) => tool.name)).toEqual(['echo', 'slow'])
    expect(tools[0]).toMatchObject({title: 'Echo', inputSchema: {properties: {text: {type: 'string'}}}, outputSchema: {type: 'object'}})
    expect(tools[1].execution).toEqual({taskSupport: 'optional'})
  })

  it('answers tools/call itself: results, bad arguments and throws all carry structuredContent', async () => {
    const client = await connect()
    expect(await client.callTool({name: 'echo', arguments: {text: 'hi'}})).toMatchObject({structuredContent: {echoed: 'hi'}, isError: false})
    const bad = await client.callTool({name: 'echo', arguments: {txet: 'hi'}})
    expect(bad.isError).toBe(true)
    expect(bad.structuredContent).toEqual({error: expect.stringContaining('unknown key `txet` (this tool takes: text)')})
    const thrown = await client.callTool({name: 'echo', arguments: {text: 'throw'}})
    expect(thrown).toMatchObject({isError: true, structuredContent: {error: 'boom'}})
    const invalid = await client.callTool({name: 'echo', arguments: {text: 'bad-output'}})
    expect(invalid).toMatchObject({isError: true, structuredContent: {error: expect.stringContaining('Output validation error')}})
    const unknown = await client.callTool({name: 'nope', arguments: {}})
    expect(unknown.isError).toBe(true)
    expect(JSON.stringify(unknown.content)).toContain('Tool nope not found')
  })

  it('a task-capable tool blocks when called plainly, and starts a task when task-augmented', async () => {
    const client = await connect()
    expect(await client.callTool({name: 'slow', arguments: {n: 1}})).toMatchObject({structuredContent: {n: 1}})
    expect(calls).toEqual(['blocking 1'])
    const created = await client.request({method: 'tools/call', params: {name: 'slow', arguments: {n: 2}, task: {ttl: 60_000}}}, CreateTaskResultSchema)
    expect(created.task.status).toBe('working')
    expect(calls).toEqual(['blocking 1', `task 2 ${created.task.taskId}`])
    await expect(client.request({method: 'tools/call', params: {name: 'echo', arguments: {text: 'x'}, task: {ttl: 1000}}}, CallToolResultSchema)).rejects.toThrow(/does not run as a task/)
  })
})
