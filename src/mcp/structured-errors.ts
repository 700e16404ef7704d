import type {McpServer} from '@modelcontextprotocol/sdk/server/mcp.js'
import type {CallToolRequest, CallToolResult} from '@modelcontextprotocol/sdk/types.js'

type Handler = (request: CallToolRequest, extra: unknown) => Promise<CallToolResult>

/**
 * The SDK answers a call it rejects (bad arguments) with an error result that has no structuredContent.
 * Clients that enforce a declared outputSchema (Claude Code) reject such a result, so we give it the
 * tool's own failure shape. Wraps the SDK's `tools/call` handler; call after registering the tools.
 */
export function ensureStructuredErrors(server: McpServer, failureShapes: Record<string, (message: string) => object>): void {
  const handlers = (server.server as unknown as {_requestHandlers: Map<string, Handler>})._requestHandlers
  const original = handlers.get('tools/call')
  if (!original) return
  handlers.set('tools/call', async (request, extra) => {
    const result = await original(request, extra)
    const shape = failureShapes[request.params.name]
    if (result?.isError && !result.structuredContent && shape) {
      const text = result.content?.find((c) => c.type === 'text')?.text ?? 'Tool call failed'
      return {...result, structuredContent: shape(text) as Record<string, unknown>}
    }
    return result
  })
}
