import {z} from 'zod'

/**
 * The slice of `codex app-server`'s JSON-RPC protocol this engine uses, checked with zod (generated from
 * Codex 0.169.0: `codex app-server generate-json-schema --out DIR`; byte-identical for these methods in
 * 0.170.0 and 0.171.0).
 *
 * How the engine decides a Codex can run it: `initialize` answers with `userAgent`, `codexHome`,
 * `platformFamily` and `platformOs` — no list of methods or capabilities to check. So the honest check is a
 * version floor (the oldest release the suite runs, MIN_CODEX_VERSION) plus a schema check of every message
 * the engine consumes, at run time: a message that fails its schema stops that agent with a
 * `protocol-mismatch` error (retryable) and later agents of the server run on exec. A release newer than the
 * newest tested one runs on app-server with one note.
 */
/** The oldest Codex the app-server engine runs on (and the one the devDependency pins). */
export const MIN_CODEX_VERSION = '0.169.0'
/** The newest Codex the suite has run the engine against (npm run test:codex-versions). */
export const NEWEST_TESTED_CODEX_VERSION = '0.171.0'
/** Codex versions the app-server engine accepts. */
export const SUPPORTED_CODEX_RANGE = `>=${MIN_CODEX_VERSION}`

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

/**
 * A notification the engine reads, checked against its schema: `notification`, or `issues` when a method we
 * rely on arrived in a shape we do not know (the agent is then stopped, never left waiting). Undefined for
 * methods the engine ignores.
 */
export function parseNotification(method: string, params: unknown): {notification: Notification; issues?: undefined} | {notification?: undefined; issues: string} | undefined {
  if (!Object.hasOwn(notificationSchemas, method)) return undefined
  const parsed = notificationSchemas[method as NotificationMethod].safeParse(params)
  if (parsed.success) return {notification: {method, params: parsed.data} as Notification}
  return {issues: parsed.error.issues.map((issue) => `${issue.path.join('.') || '(params)'}: ${issue.message}`).join('; ').slice(0, 300)}
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
