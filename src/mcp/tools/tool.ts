import type {CallToolResult, ToolAnnotations} from '@modelcontextprotocol/sdk/types.js'
import * as z from 'zod'

import {type Config, defaults} from '../../config/schema.js'
import type {JobRunner} from '../../jobs/job-runner.js'
import type {Job} from '../../jobs/job-schema.js'
import type {ServerContext} from '../context.js'
import type {ToolExtra} from '../progress.js'

/** What a tool's handler works with. */
export interface ToolDeps {
  ctx: ServerContext
  runner: JobRunner
}

/** The server's limits that show in tools' schemas and descriptions (the README shows the defaults). */
export interface ToolLimits {
  /** Most agents one spawn_agents_parallel / start_agents call may ask for. */
  maxAgents: number
  /** Agents running at once. */
  maxConcurrency: number
}

export const limitsOf = (config: Config): ToolLimits => ({
  maxAgents: config.maxParallelAgents ?? defaults.maxParallelAgents,
  maxConcurrency: config.maxConcurrency ?? defaults.maxConcurrency,
})

export interface ToolConfig<S extends z.ZodObject> {
  title: string
  /** Written for the calling model: when to use it, how long it blocks, partial failure, risk. */
  description: string
  inputSchema: S
  outputSchema: z.ZodObject
  annotations: ToolAnnotations
}

/**
 * One MCP tool as data: src/mcp/server.ts registers every tool of src/mcp/tools/index.ts, and the README's
 * Tools table is generated from them (scripts/readme-tables.mjs).
 */
export interface ToolDefinition<S extends z.ZodObject = z.ZodObject> {
  name: string
  /** The README's Tools table: whether the call blocks, and what it does in a line (its arguments and result fields come from the schemas). */
  readme: {blocks: string; does: string}
  config: (limits: ToolLimits) => ToolConfig<S>
  /**
   * The structuredContent of a call that failed as a whole (bad arguments, an unexpected error): clients
   * that enforce a declared outputSchema (Claude Code) reject an error result without one.
   */
  failure: (message: string) => Record<string, unknown>
  handler: (deps: ToolDeps) => (args: z.infer<S>, extra: ToolExtra) => Promise<CallToolResult>
  /** MCP Tasks (taskSupport "optional"): a task-augmented call starts this background job, the task id its job id. */
  task?: (deps: ToolDeps) => (args: z.infer<S>, jobId: string) => Job
}

export const defineTool = <S extends z.ZodObject>(tool: ToolDefinition<S>): ToolDefinition<S> => tool

/** The `error` of a call refused as a whole. */
export const invalidInput = (message: string) => ({kind: 'invalid-input' as const, message, retryable: false})

/** A result with its text and structuredContent. */
export function toolResult(structured: Record<string, unknown>, text: string, isError = false): CallToolResult {
  return {content: [{type: 'text', text}], structuredContent: structured, isError}
}
