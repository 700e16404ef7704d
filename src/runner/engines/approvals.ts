import {z} from 'zod'

/** What an agent asked to do beyond its sandbox (app-server engine with `approvals: "ask"`). */
export interface ApprovalRequest {
  kind: 'command' | 'file-change'
  /** The command, for kind `command` (without the `bash -lc` wrapper). */
  command?: string
  /** The files, for kind `file-change`. */
  paths?: string[]
  cwd: string
  /** Why the agent asks, in its words. */
  reason?: string
}

export const approvalDecidedBy = ['client', 'terminal', 'timeout', 'unsupported'] as const

export interface ApprovalAnswer {
  decision: 'accept' | 'decline'
  /** client: the MCP client's user; terminal: the person at spawn's terminal; timeout: nobody answered in time; unsupported: nobody could be asked. */
  decidedBy: (typeof approvalDecidedBy)[number]
}

/** Asks whoever can decide; resolves `decline` when nobody can. Aborted when the agent ends. */
export type Approver = (request: ApprovalRequest, signal: AbortSignal) => Promise<ApprovalAnswer>

export const approvalRecordSchema = z.object({
  kind: z.enum(['command', 'file-change']),
  command: z.string().optional().describe('The command the agent asked to run outside its sandbox.'),
  path: z.string().optional().describe('The file(s) the agent asked to change, comma-separated.'),
  decision: z.enum(['accepted', 'declined']),
  decidedBy: z.enum(approvalDecidedBy).describe('client (MCP elicitation), terminal, timeout (approvalTimeoutMs) or unsupported (no one to ask: declined).'),
})
export type ApprovalRecord = z.infer<typeof approvalRecordSchema>

/** One line a person can decide on: what, where, why. */
export function describeApproval(request: ApprovalRequest): string {
  const what = request.kind === 'command' ? `run \`${request.command ?? '(unknown command)'}\` outside its sandbox` : `change ${request.paths?.join(', ') || 'files'}`
  return `A Codex agent in ${request.cwd} asks to ${what}${request.reason ? `: ${request.reason}` : ''}`
}
