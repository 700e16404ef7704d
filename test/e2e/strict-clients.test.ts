import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {connectServe, type ServeConnection} from '../support/mcp-client.js'
import {useStubRig} from '../support/stub-rig.js'

/** What strict validators and careful clients check: schemas, error codes, argument names. */
const rig = useStubRig('strict')
let server: ServeConnection

beforeAll(async () => {
  server = await connectServe([], rig.home.env)
})
afterAll(() => server.close())

/** Every `type` given as an array (e.g. ["number", "null"]) in a JSON schema. */
function typeArrays(schema: unknown, where = '', out: string[] = []): string[] {
  if (schema && typeof schema === 'object') {
    if (Array.isArray((schema as any).type)) out.push(`${where}: ${JSON.stringify((schema as any).type)}`)
    for (const [key, value] of Object.entries(schema)) typeArrays(value, `${where}.${key}`, out)
  }
  return out
}

describe('strict clients', () => {
  it('no output or input schema types a field as ["…", "null"] (MCP Inspector --strict)', async () => {
    const {tools} = await server.client.listTools()
    expect(tools.length).toBeGreaterThan(5)
    for (const tool of tools) expect(typeArrays(tool.outputSchema, tool.name).concat(typeArrays(tool.inputSchema, tool.name))).toEqual([])
  })

  it('reading an unknown job resource is MCP\'s resource-not-found error (-32002)', async () => {
    const error = await server.client.readResource({uri: 'codex-mcp://jobs/no-such-job'}).catch((e) => e)
    expect(error.code).toBe(-32002)
    expect(error.message).toContain('No job no-such-job')
  })

  it('a misspelt argument key is named as unknown, for blocking and background tools alike', async () => {
    for (const name of ['spawn_agent', 'start_agent']) {
      const result = (await server.client.callTool({name, arguments: {promt: 'typo'}})) as any
      expect(result.isError).toBe(true)
      expect(result.content[0].text).toContain('unknown key `promt`')
      expect(result.structuredContent.error.message).toContain('unknown key `promt`')
    }
    const nested = (await server.client.callTool({name: 'spawn_agents_parallel', arguments: {agents: [{promt: 'typo'}]}})) as any
    expect(nested.content[0].text).toContain('agents[0]: unknown key `promt`')
  })
})
