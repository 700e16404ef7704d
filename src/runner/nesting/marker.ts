import {readFileSync} from 'node:fs'
import * as z from 'zod'

import {sandboxModes} from '../../config/schema.js'

/**
 * The environment variable that marks every agent codex-mcp starts: how deep in a tree of agents it is and
 * what the root server allowed. A `codex-mcp serve`, `spawn` or `parallel` started inside an agent reads it
 * and obeys it: the human's limits hold for the whole tree, not per process.
 */
export const TREE_ENV = 'CODEX_MCP_TREE'

export const treeMarkerSchema = z.object({
  v: z.literal(1),
  /** Depth of the agent whose environment carries the marker: the root server's agents are depth 1. */
  depth: z.number().int().min(1),
  /** The root server's id (a tree's agents share it). */
  root: z.string().min(1).max(100),
  /** The root's maxDepth: how deep agents may go. */
  maxDepth: z.number().int().min(1),
  /** The root's maxConcurrency, shared by every agent of the tree (when nesting is allowed). */
  maxConcurrency: z.number().int().min(1),
  /** Where the tree's slots are (the root's state dir); absent when maxDepth is 1 (no nested agents at all). */
  budgetDir: z.string().min(1).optional(),
  /** The loosest sandbox any agent of the tree may have, and the directories it may work in (narrowed level by level). */
  sandboxCeiling: z.enum(sandboxModes),
  allowedRoots: z.array(z.string().min(1)).min(1),
})
export type TreeMarker = z.infer<typeof treeMarkerSchema>

/** What a process found about the tree it runs in: nothing (a root), a marker, or a marker it cannot read. */
export type Inherited = {state: 'root'} | {state: 'nested'; marker: TreeMarker; from: 'env' | 'ancestor'} | {state: 'unreadable'; from: 'env' | 'ancestor'}

export function parseTreeMarker(value: string): TreeMarker | undefined {
  try {
    const parsed = treeMarkerSchema.safeParse(JSON.parse(value))
    return parsed.success ? parsed.data : undefined
  } catch {
    return undefined
  }
}

export function serializeTreeMarker(marker: TreeMarker): string {
  return JSON.stringify(marker)
}

function markerOf(value: string | undefined, from: 'env' | 'ancestor'): Inherited | undefined {
  if (value === undefined || value === '') return undefined
  const marker = parseTreeMarker(value)
  return marker ? {state: 'nested', marker, from} : {state: 'unreadable', from}
}

/**
 * The marker of the nearest ancestor process that carries one (Linux /proc). Codex starts its MCP servers
 * with a trimmed environment, so a `serve` that Codex started from an entry codex-mcp did not recognise
 * (a wrapper script, say) lacks the variable; its parent Codex has it.
 */
function ancestorMarker(): string | undefined {
  if (process.platform !== 'linux') return undefined
  let pid = process.ppid
  for (let hops = 0; hops < 32 && pid > 1; hops++) {
    try {
      const environ = readFileSync(`/proc/${pid}/environ`, 'latin1')
      const entry = environ.split('\0').find((line) => line.startsWith(`${TREE_ENV}=`))
      if (entry) return Buffer.from(entry.slice(TREE_ENV.length + 1), 'latin1').toString('utf8')
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
      pid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1])
    } catch {
      return undefined // another user's process, or gone: stop looking
    }
  }
  return undefined
}

let cachedAncestor: {value: string | undefined} | undefined

/** Where this process stands: its own environment first, else its ancestors' (looked up once). */
export function inheritedTree(env: Record<string, string | undefined> = process.env): Inherited {
  const own = markerOf(env[TREE_ENV], 'env')
  if (own) return own
  if (env !== process.env) return {state: 'root'}
  cachedAncestor ??= {value: ancestorMarker()}
  return markerOf(cachedAncestor.value, 'ancestor') ?? {state: 'root'}
}
