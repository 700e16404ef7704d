import {z} from 'zod'

/**
 * The slice of `codex app-server`'s JSON-RPC protocol this engine uses, checked with zod (generated from
 * Codex 0.169.0: `codex app-server generate-json-schema --out DIR`). The protocol is experimental, so the
 * engine only talks to the versions the test suite covers; others run on the exec engine.
 */
export const PINNED_CODEX_VERSION = '0.169.0'
/** Codex versions whose app-server protocol the e2e suite has run against. */
export const SUPPORTED_CODEX_RANGE = '>=0.169.0'

export const initializeResultSchema = z.looseObject({userAgent: z.string(), codexHome: z.string().optional()})

/** `name/0.169.0 (Debian 12; x86_64) …` → `0.169.0`. */
export function versionFromUserAgent(userAgent: string): string | undefined {
  return /^[^/\s]+\/(\d+\.\d+\.\d+[^\s]*)/.exec(userAgent)?.[1]
}

export const threadResultSchema = z.looseObject({thread: z.looseObject({id: z.string()})})
export const turnResultSchema = z.looseObject({turn: z.looseObject({id: z.string()})})

const turnErrorSchema = z.looseObject({message: z.string()})
export const turnSchema = z.looseObject({
  id: z.string(),
  status: z.enum(['completed', 'interrupted', 'failed', 'inProgress']),
  error: turnErrorSchema.nullable().optional(),
})

const tokenBreakdown = z.looseObject({
  inputTokens: z.number(),
  cachedInputTokens: z.number(),
  outputTokens: z.number(),
  reasoningOutputTokens: z.number(),
})

const fileUpdateChange = z.looseObject({path: z.string(), kind: z.unknown().optional(), diff: z.string().optional()})

/** The item kinds we read; any other kind is kept as `{type}`. */
export const threadItemSchema = z.union([
  z.looseObject({type: z.literal('agentMessage'), id: z.string(), text: z.string()}),
  z.looseObject({
    type: z.literal('commandExecution'),
    id: z.string(),
    command: z.string(),
    processId: z.string().nullable().optional(),
    status: z.string(),
    aggregatedOutput: z.string().nullable().optional(),
    exitCode: z.number().nullable().optional(),
  }),
  z.looseObject({type: z.literal('fileChange'), id: z.string(), changes: z.array(fileUpdateChange), status: z.string()}),
  z.looseObject({type: z.literal('mcpToolCall'), id: z.string(), server: z.string(), tool: z.string(), status: z.string()}),
  z.looseObject({type: z.literal('reasoning'), id: z.string(), summary: z.array(z.string()).optional()}),
  z.looseObject({type: z.string(), id: z.string().optional()}),
])
export type AppServerItem = z.infer<typeof threadItemSchema>

/** Notifications, looked up by method; each carries the thread it belongs to. */
export const notificationSchemas = {
  'turn/started': z.looseObject({threadId: z.string(), turn: turnSchema}),
  'turn/completed': z.looseObject({threadId: z.string(), turn: turnSchema}),
  'item/started': z.looseObject({threadId: z.string(), turnId: z.string(), item: threadItemSchema}),
  'item/completed': z.looseObject({threadId: z.string(), turnId: z.string(), item: threadItemSchema}),
  'thread/tokenUsage/updated': z.looseObject({threadId: z.string(), turnId: z.string(), tokenUsage: z.looseObject({last: tokenBreakdown})}),
  'turn/diff/updated': z.looseObject({threadId: z.string(), turnId: z.string(), diff: z.string()}),
  error: z.looseObject({threadId: z.string(), turnId: z.string().optional(), error: turnErrorSchema, willRetry: z.boolean()}),
  warning: z.looseObject({threadId: z.string().nullable().optional(), message: z.string()}),
} as const
export type NotificationMethod = keyof typeof notificationSchemas
export type Notification = {[M in NotificationMethod]: {method: M; params: z.infer<(typeof notificationSchemas)[M]>}}[NotificationMethod]

export function parseNotification(method: string, params: unknown): Notification | undefined {
  if (!Object.hasOwn(notificationSchemas, method)) return undefined
  const parsed = notificationSchemas[method as NotificationMethod].safeParse(params)
  return parsed.success ? ({method, params: parsed.data} as Notification) : undefined
}

/** Requests the server sends us: approvals. */
export const commandApprovalParamsSchema = z.looseObject({
  threadId: z.string(),
  turnId: z.string(),
  itemId: z.string(),
  command: z.string().nullable().optional(),
  cwd: z.string().nullable().optional(),
  reason: z.string().nullable().optional(),
})
export const fileChangeApprovalParamsSchema = z.looseObject({
  threadId: z.string(),
  turnId: z.string(),
  itemId: z.string(),
  reason: z.string().nullable().optional(),
  grantRoot: z.string().nullable().optional(),
})

/** A JSON-RPC message from the server, one a line; the `jsonrpc` field is optional in this protocol. */
export const incomingSchema = z.looseObject({
  id: z.union([z.string(), z.number()]).optional(),
  method: z.string().optional(),
  params: z.unknown().optional(),
  result: z.unknown().optional(),
  error: z.looseObject({code: z.number().optional(), message: z.string()}).optional(),
})
