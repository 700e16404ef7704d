import type {McpServer} from '@modelcontextprotocol/sdk/server/mcp.js'
import type {CallToolRequest, CallToolResult} from '@modelcontextprotocol/sdk/types.js'
import * as z from 'zod'

import {formatPath, formatZodIssues} from '../config/format-issues.js'
import type {ToolExtra} from './progress.js'
import {fitResultSize} from './tool-results.js'

type Handler = (request: CallToolRequest, extra: ToolExtra) => Promise<CallToolResult>

export interface BlockingTool<S extends z.ZodType> {
  schema: S
  run: (args: z.infer<S>, extra: ToolExtra) => Promise<CallToolResult>
}

/**
 * Bad arguments as one line per problem, with the path; a key the tool does not take is named as such
 * ("unknown key `promt`") instead of surfacing as the required key it was meant to be.
 */
export function describeArgumentProblems(schema: z.ZodType, error: z.ZodError, input: unknown): string {
  const known = schema instanceof z.ZodObject ? Object.keys(schema.shape) : []
  const lines = error.issues.flatMap((issue) => {
    if (issue.code !== 'unrecognized_keys') return formatZodIssues(new z.ZodError([issue]), input)
    const where = issue.path.length > 0 ? `${formatPath(issue.path)}: ` : ''
    const takes = issue.path.length === 0 && known.length > 0 ? ` (this tool takes: ${known.join(', ')})` : ''
    return issue.keys.map((key) => `${where}unknown key \`${key}\`${takes}`)
  })
  return lines.join('; ')
}

/**
 * Wraps the SDK's `tools/call` handler (call it after registering every tool) for three things it does not do:
 * - A task-capable tool (registerToolTask, taskSupport "optional") called WITHOUT task augmentation runs
 *   our blocking implementation — with progress and cancellation, and no polling delay — instead of the
 *   SDK's automatic task polling.
 * - An error result the SDK makes itself gets the tool's own structuredContent: clients that enforce a
 *   declared outputSchema (Claude Code) reject an error result without one.
 * - Arguments of every tool are checked here first, so bad ones read the same everywhere (see
 *   describeArgumentProblems) and the error's structuredContent carries the message.
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
  const registered = (server as unknown as {_registeredTools: Record<string, {inputSchema?: z.ZodType}>})._registeredTools
  handlers.set('tools/call', async (request, extra) => {
    const name = request.params.name
    const schema = routes.blocking[name]?.schema ?? registered[name]?.inputSchema
    const parsed = schema?.safeParse(request.params.arguments ?? {})
    if (schema && parsed && !parsed.success) {
      const problems = describeArgumentProblems(schema, parsed.error, request.params.arguments)
      return withStructuredError(name, {
        content: [{type: 'text', text: `Invalid arguments for tool ${name}: ${problems}`}],
        isError: true,
      })
    }
    const blocking = routes.blocking[name]
    if (blocking && !request.params.task) return fitResultSize(await blocking.run(parsed!.data, extra))
    return fitResultSize(withStructuredError(name, await sdkHandler(request, extra)))
  })
}
