import * as z from 'zod'

/** Schemas for Codex's `exec --json` event stream (JSON Lines on stdout). Unknown fields and events are kept. */

const agentMessageItem = z.looseObject({id: z.string().optional(), type: z.literal('agent_message'), text: z.string()})
const reasoningItem = z.looseObject({id: z.string().optional(), type: z.literal('reasoning'), text: z.string().optional()})
const commandExecutionItem = z.looseObject({
  id: z.string().optional(),
  type: z.literal('command_execution'),
  command: z.string(),
  aggregated_output: z.string().optional(),
  exit_code: z.number().nullable().optional(),
  status: z.string().optional(),
})
const fileChangeItem = z.looseObject({
  id: z.string().optional(),
  type: z.literal('file_change'),
  changes: z.array(z.looseObject({path: z.string(), kind: z.string().optional()})).default([]),
  status: z.string().optional(),
})
const mcpToolCallItem = z.looseObject({
  id: z.string().optional(),
  type: z.literal('mcp_tool_call'),
  server: z.string(),
  tool: z.string(),
  status: z.string().optional(),
})
const errorItem = z.looseObject({id: z.string().optional(), type: z.literal('error'), message: z.string()})
const otherItem = z.looseObject({id: z.string().optional(), type: z.string()})

export const threadItemSchema = z.union([
  agentMessageItem,
  reasoningItem,
  commandExecutionItem,
  fileChangeItem,
  mcpToolCallItem,
  errorItem,
  otherItem,
])
export type ThreadItem = z.infer<typeof threadItemSchema>

export const usageSchema = z.looseObject({
  input_tokens: z.number().default(0),
  cached_input_tokens: z.number().default(0),
  output_tokens: z.number().default(0),
  reasoning_output_tokens: z.number().default(0),
})

const itemEvent = z.looseObject({type: z.enum(['item.started', 'item.updated', 'item.completed']), item: threadItemSchema})

/** One schema per event type, looked up by `type`: no trying every schema on every line. */
const eventSchemas = {
  'thread.started': z.looseObject({type: z.literal('thread.started'), thread_id: z.string()}),
  'turn.started': z.looseObject({type: z.literal('turn.started')}),
  'turn.completed': z.looseObject({type: z.literal('turn.completed'), usage: usageSchema.optional()}),
  'turn.failed': z.looseObject({type: z.literal('turn.failed'), error: z.looseObject({message: z.string()})}),
  'item.started': itemEvent,
  'item.updated': itemEvent,
  'item.completed': itemEvent,
  error: z.looseObject({type: z.literal('error'), message: z.string()}),
} as const

export type KnownCodexEvent = z.infer<(typeof eventSchemas)[keyof typeof eventSchemas]>
/** An event we have no schema for (or whose shape changed): kept, never fatal. */
export interface UnknownCodexEvent {
  type: 'unknown'
  raw: unknown
}
export type CodexEvent = KnownCodexEvent | UnknownCodexEvent

export function parseEventLine(line: string): CodexEvent | undefined {
  const trimmed = line.trim()
  if (!trimmed) return undefined
  let raw: unknown
  try {
    raw = JSON.parse(trimmed)
  } catch {
    return {type: 'unknown', raw: trimmed}
  }
  const type = (raw as {type?: unknown})?.type
  const schema = typeof type === 'string' && Object.hasOwn(eventSchemas, type) ? eventSchemas[type as keyof typeof eventSchemas] : undefined
  const parsed = schema?.safeParse(raw)
  return parsed?.success ? parsed.data : {type: 'unknown', raw}
}

/** Codex's notice while it retries an unreachable provider ("Re-connecting... 1/5" in Codex 0.47); it repeats forever on its own. */
export const isReconnectNotice = (event: CodexEvent): boolean =>
  event.type === 'error' && /^Re-?connecting\b/i.test(event.message)
