// The floor for a Node MCP server: the SDK's McpServer over stdio with one zod-typed tool, nothing else.
// Plain JavaScript on purpose: a .ts file would need tsx's loader at start-up and inflate the floor.
import {McpServer} from '@modelcontextprotocol/sdk/server/mcp.js'
import {StdioServerTransport} from '@modelcontextprotocol/sdk/server/stdio.js'
import {z} from 'zod'

const server = new McpServer({name: 'minimal', version: '1.0.0'})
server.registerTool('echo', {description: 'Echo the text back.', inputSchema: {text: z.string()}}, async ({text}) => ({
  content: [{type: 'text', text}],
}))
await server.connect(new StdioServerTransport())
