import type {CallToolResult} from '@modelcontextprotocol/sdk/types.js'

import type {AgentOutcome} from '../runner/agent-outcome.js'
import type {ParallelEntry} from '../parallel/run-parallel.js'
import {describeChanges, describeOverlaps} from '../workspaces/describe.js'
import {batchStatus, batchSummary, overlapsOf} from '../jobs/summary.js'

const withChanges = (text: string, outcome: AgentOutcome) => {
  const changes = describeChanges(outcome)
  return changes ? `${text}\n\n${changes}` : text
}

/** Room for the JSON-RPC envelope under the 10 MiB a client reads (see stdio-transport.ts). */
const RESULT_BYTES = 10 * 1024 * 1024 - 64 * 1024

/**
 * The last guard of a result's size: when text plus structuredContent would not fit in one message, the text
 * (a copy of what structuredContent holds) gives way to a short pointer, rather than the client losing the
 * connection.
 */
export function fitResultSize(result: CallToolResult, limit = RESULT_BYTES): CallToolResult {
  if (!result?.structuredContent || !Array.isArray(result.content)) return result
  const bytes = Buffer.byteLength(JSON.stringify(result))
  if (bytes <= limit) return result
  const text = `The result is ${bytes} bytes, too large to send twice; the text is left out: see structuredContent.`
  return {...result, content: [{type: 'text', text}]}
}

/** A failure as text the calling model can act on. */
export function describeFailure(outcome: AgentOutcome): string {
  const error = outcome.error
  if (!error) return `Agent ${outcome.status}.`
  const lines = [`Agent ${outcome.status} (${error.kind}): ${error.message}`]
  if (error.fix) lines.push(`Fix: ${error.fix}`)
  if (outcome.threadId) lines.push(`threadId: ${outcome.threadId}`)
  return lines.join('\n')
}

/**
 * One agent's result. The full final message is in `structuredContent.output` as well as the text: Claude
 * Code hands the model only `structuredContent` when there is one. Failures carry it too (with `isError`).
 */
export function agentToolResult(outcome: AgentOutcome): CallToolResult {
  const ok = outcome.status === 'succeeded'
  return {
    content: [{type: 'text', text: withChanges(ok ? outcome.output : describeFailure(outcome), outcome)}],
    structuredContent: outcome as unknown as Record<string, unknown>,
    isError: !ok,
  }
}

/** "2/3 agents succeeded, 1 failed." — the first line a model (or person) reads. */
export function batchHeadline(summary: {total: number; succeeded: number; failed: number; cancelled: number; running?: number; queued?: number}): string {
  const more = (['failed', 'cancelled', 'running', 'queued'] as const).filter((key) => summary[key]).map((key) => `, ${summary[key]} ${key}`)
  return `${summary.succeeded}/${summary.total} agents succeeded${more.join('')}.`
}

const label = (entry: ParallelEntry) => `#${entry.index}${entry.name ? ` ${entry.name}` : ''}`

/** A batch: one section per agent in input order; `isError` only when no agent succeeded. */
export function batchToolResult(entries: ParallelEntry[]): CallToolResult {
  const summary = batchSummary(entries.map((entry) => entry.status))
  const status = batchStatus(entries)
  const head = batchHeadline(summary)
  const sections = entries.map((entry) =>
    withChanges(
      entry.status === 'succeeded'
        ? `## Agent ${label(entry)}: succeeded (${(entry.durationMs / 1000).toFixed(1)}s)\n${entry.output}`
        : `## Agent ${label(entry)}: ${entry.status}\n${describeFailure(entry)}`,
      entry,
    ),
  )
  const overlaps = overlapsOf(entries.map((entry) => ({key: entry.index, outcome: entry})))
  const overlapText = describeOverlaps(overlaps, (index) => `#${index}`)
  return {
    content: [{type: 'text', text: [head, ...(overlapText ? [overlapText] : []), ...sections].join('\n\n')}],
    structuredContent: {status, headline: head, summary, agents: entries, ...(overlaps.length > 0 ? {overlaps} : {})},
    isError: status === 'failed' || status === 'cancelled',
  }
}
