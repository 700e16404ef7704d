import type {McpServer} from '@modelcontextprotocol/sdk/server/mcp.js'
import type {CallToolRequest, CallToolResult} from '@modelcontextprotocol/sdk/types.js'
import type {z} from 'zod'

import {formatZodIssues} from '../config/format-issues.js'
import type {ToolExtra} from './progress.js'
import {fitResultSize} from './tool-results.js'

type Handler = (request: CallToolRequest, extra: ToolExtra) => Promise<CallToolResult>

export interface BlockingTool<S extends z.ZodType> {
  schema: S
  run: (args: z.infer<S>, extra: ToolExtra) => Promise<CallToolResult>
}

/**
 * Wraps the SDK's `tools/call` handler (call it after registering every tool) for two things it does not do:
 * - A task-capable tool (registerToolTask, taskSupport "optional") called WITHOUT task augmentation runs
 *   our blocking implementation — with progress and cancellation, and no polling delay — instead of the
 *   SDK's automatic task polling.
 * - An error result the SDK makes itself (bad arguments) gets the tool's own structuredContent: clients
 *   that enforce a declared outputSchema (Claude Code) reject an error result without one.
 */
export function installCallRouter(
  server: McpServer,
  routes: {blocking: Record<string, BlockingTool<any>>; failureShapes: Record<string, (message: string) => object>},
): void {
  const handlers = (server.server as unknown as {_requestHandlers: Map<string, Handler>})._requestHandlers
  const sdkHandler = handlers.get('tools/call')
  if (!sdkHandler) throw new Error('installCallRouter: register the tools first')
  const withStructuredError = (name: string, result: CallToolResult): CallToolResult => {
    const shape = routes.failureShapes[name]
    if (!result?.isError || result.structuredContent || !shape) return result
    const text = result.content?.find((c) => c.type === 'text')?.text ?? 'Tool call failed'
    return {...result, structuredContent: shape(text) as Record<string, unknown>}
  }
  handlers.set('tools/call', async (request, extra) => {
    const name = request.params.name
    const blocking = routes.blocking[name]
    if (blocking && !request.params.task) {
      const parsed = blocking.schema.safeParse(request.params.arguments ?? {})
      if (!parsed.success) {
        const problems = formatZodIssues(parsed.error, request.params.arguments).join('; ')
        return withStructuredError(name, {
          content: [{type: 'text', text: `MCP error -32602: Input validation error: Invalid arguments for tool ${name}: ${problems}`}],
          isError: true,
        })
      }
      return fitResultSize(await blocking.run(parsed.data, extra))
    }
    return fitResultSize(withStructuredError(name, await sdkHandler(request, extra)))
  })
}
