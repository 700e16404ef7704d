// Prints the MCP tools `codex-mcp serve` registers, as JSON [{name, title}], asked through the SDK's own
// Client from the built server (dist/), so `serve --help` and the README can never list tools that are not there.
import {mkdtempSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import path from 'node:path'
import {Client} from '@modelcontextprotocol/sdk/client/index.js'
import {InMemoryTransport} from '@modelcontextprotocol/sdk/inMemory.js'

import {createServer} from '../dist/mcp/server.js'

const stateDir = mkdtempSync(path.join(tmpdir(), 'codex-mcp-tool-list-'))
try {
  const {server, close} = createServer({config: {stateDir}})
  const [serverSide, clientSide] = InMemoryTransport.createLinkedPair()
  await server.connect(serverSide)
  const client = new Client({name: 'codex-mcp-build', version: '0'})
  await client.connect(clientSide)
  const {tools} = await client.listTools()
  process.stdout.write(JSON.stringify(tools.map((tool) => ({name: tool.name, title: tool.title ?? tool.annotations?.title}))))
  await close()
} finally {
  rmSync(stateDir, {recursive: true, force: true})
}
process.exit(0)
