import type {McpServer} from '@modelcontextprotocol/sdk/server/mcp.js'
import {type CallToolResult, CallToolRequestSchema, type CreateTaskResult, ErrorCode, McpError} from '@modelcontextprotocol/sdk/types.js'
import * as z from 'zod'

import {formatPath, formatZodIssues} from '../config/format-issues.js'
import type {ToolExtra} from './progress.js'
import {taskHandlers} from './task-handlers.js'
import {fitResultSize} from './tool-results.js'
import type {ToolDefinition, ToolDeps, ToolLimits} from './tools/tool.js'

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

interface Route {
  tool: ToolDefinition<any>
  inputSchema: z.ZodObject
  outputSchema: z.ZodObject
  run: (args: any, extra: ToolExtra) => Promise<CallToolResult>
  startTask?: ReturnType<typeof taskHandlers>
}

/**
 * Registers the tools and answers `tools/call` for them, on the SDK's public API only: the tools are
 * registered as usual (`registerTool`, `experimental.tasks.registerToolTask`), so the SDK lists them; then
 * `server.server.setRequestHandler` replaces its `tools/call` handler with this one, which does what the
 * SDK's does (check arguments, run the handler, check the structured result, task-augmented calls create a
 * task) plus three things the SDK does not:
 * - A task-capable tool called WITHOUT task augmentation runs its blocking handler — with progress and
 *   cancellation, and no polling delay — instead of the SDK's automatic task polling.
 * - Every error result carries the tool's own structuredContent (its `failure` shape): clients that enforce
 *   a declared outputSchema (Claude Code) reject an error result without one.
 * - Bad arguments read the same for every tool (see describeArgumentProblems).
 * test/unit/mcp/call-router.test.ts fails if the SDK's tool handling changes under this.
 */
export function installTools(server: McpServer, tools: ReadonlyArray<ToolDefinition<any>>, deps: ToolDeps, limits: ToolLimits): void {
  const routes = new Map<string, Route>()
  for (const tool of tools) {
    const config = tool.config(limits)
    const run = tool.handler(deps)
    const startTask = tool.task ? taskHandlers(tool.task(deps)) : undefined
    if (startTask) server.experimental.tasks.registerToolTask(tool.name, {...config, execution: {taskSupport: 'optional'}}, startTask)
    else server.registerTool(tool.name, config, run)
    routes.set(tool.name, {tool, inputSchema: config.inputSchema, outputSchema: config.outputSchema, run, startTask})
  }
  server.server.setRequestHandler(CallToolRequestSchema, async (request, extra) => {
    const {name, arguments: input, task} = request.params
    const route = routes.get(name)
    if (!route) return {content: [{type: 'text', text: `Tool ${name} not found: this server's tools are ${[...routes.keys()].join(', ')}.`}], isError: true}
    const failed = (text: string): CallToolResult => ({content: [{type: 'text', text}], structuredContent: route.tool.failure(text), isError: true})
    const parsed = route.inputSchema.safeParse(input ?? {})
    if (!parsed.success) return failed(`Invalid arguments for tool ${name}: ${describeArgumentProblems(route.inputSchema, parsed.error, input)}`)
    if (task) {
      if (!route.startTask) throw new McpError(ErrorCode.InvalidParams, `Tool ${name} does not run as a task: call it without task augmentation.`)
      return (route.startTask.createTask as (args: unknown, extra: ToolExtra) => Promise<CreateTaskResult>)(parsed.data, extra)
    }
    let result: CallToolResult
    try {
      result = await route.run(parsed.data, extra)
    } catch (error) {
      return failed(error instanceof Error ? error.message : String(error))
    }
    if (result.isError) return fitResultSize(result.structuredContent ? result : {...result, structuredContent: route.tool.failure(textOf(result))})
    // As the SDK did for plain tools; a blocking call of a task-capable tool never went through that check.
    if (!route.startTask) {
      const checked = route.outputSchema.safeParse(result.structuredContent)
      if (!checked.success) return failed(`Output validation error: invalid structured content for tool ${name}: ${checked.error.message}`)
    }
    return fitResultSize(result)
  })
}

const textOf = (result: CallToolResult) => result.content?.find((c) => c.type === 'text')?.text ?? 'Tool call failed'
