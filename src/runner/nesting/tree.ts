import {randomUUID} from 'node:crypto'
import path from 'node:path'

import {type Config, defaults, sandboxModes} from '../../config/schema.js'
import {CodexMcpError} from '../../errors.js'
import {allowedRoots, isInsideRoot, sandboxLimits} from '../limits.js'
import {type Inherited, inheritedTree, serializeTreeMarker, TREE_ENV, type TreeMarker} from './marker.js'

type Sandbox = (typeof sandboxModes)[number]
const strictness = (mode: Sandbox) => sandboxModes.indexOf(mode) // danger-full-access first, read-only last (strictest)

/** The stricter of two sandboxes. */
export function stricter(a: Sandbox, b: Sandbox): Sandbox {
  return strictness(a) >= strictness(b) ? a : b
}

/** Where a process's agents sit in the tree, and what they may do. */
export interface TreePosition {
  /** Depth of the agents this process starts (1 for a root server's). */
  depth: number
  maxDepth: number
  /** The inherited marker; undefined for a root. */
  inherited?: TreeMarker
  /** The config with the inherited limits applied: never wider than the root's. */
  config: Config
  /** The marker this process's agents carry (TREE_ENV). */
  childMarker: TreeMarker
}

const ids = new Map<string, string>()
/** One root id per process and budget dir: every agent of a root server shares it. */
function rootId(): string {
  let id = ids.get('root')
  if (!id) ids.set('root', (id = randomUUID()))
  return id
}

/**
 * A root uses its own maxDepth (default 1: agents may not start agents); a nested process takes the root's,
 * narrowed by its own when set. Sandbox ceiling and allowed roots: a nested process may narrow them, never
 * widen them; its own flags count only as far as they are inside the inherited ones.
 */
export function treePosition(config: Config, baseCwd: string, inherited: Inherited = inheritedTree(), budgetDir?: (rootId: string) => string): TreePosition {
  if (inherited.state === 'unreadable') {
    throw new CodexMcpError(`This codex-mcp runs inside an agent (${TREE_ENV} is set${inherited.from === 'ancestor' ? ' in a parent process' : ''}) but its value is not one it can read, so it starts no agents.`, {
      kind: 'forbidden',
      fix: 'Use the same codex-mcp version for the server and the agents it starts (the marker format changed), or run codex-mcp outside an agent.',
    })
  }
  const defaultCwd = path.resolve(baseCwd, config.cwd ?? '.')
  const own = sandboxLimits(config)
  const ownRoots = allowedRoots(config, defaultCwd)
  if (inherited.state === 'root') {
    const maxDepth = config.maxDepth ?? defaults.maxDepth
    const maxConcurrency = config.maxConcurrency ?? defaults.maxConcurrency
    const root = rootId()
    const dir = maxDepth > 1 ? budgetDir?.(root) : undefined
    return {
      depth: 1,
      maxDepth,
      config,
      childMarker: {v: 1, depth: 1, root, maxDepth, maxConcurrency, ...(dir ? {budgetDir: dir} : {}), sandboxCeiling: own.ceiling, allowedRoots: ownRoots},
    }
  }
  const marker = inherited.marker
  const maxDepth = Math.min(marker.maxDepth, config.maxDepth ?? marker.maxDepth)
  const ceiling = stricter(own.ceiling, marker.sandboxCeiling)
  // Own roots count only inside the inherited ones; none inside: the inherited ones (a nested process's
  // default root is where it was started, which need not be inside).
  const narrowed = narrowRoots(ownRoots, marker.allowedRoots)
  const roots = narrowed.length > 0 ? narrowed : marker.allowedRoots
  const depth = marker.depth + 1
  return {
    depth,
    maxDepth,
    inherited: marker,
    config: {...config, sandbox: stricter(own.sandbox, ceiling), sandboxCeiling: ceiling, allowedRoots: roots},
    childMarker: {...marker, depth, maxDepth, sandboxCeiling: ceiling, allowedRoots: roots},
  }
}

/** The part of `own` inside `inherited`: an own root inside an inherited one stays; an inherited root inside an own one stays. */
export function narrowRoots(own: readonly string[], inherited: readonly string[]): string[] {
  const out = new Set<string>()
  for (const root of own) if (inherited.some((outer) => isInsideRoot(root, outer))) out.add(root)
  for (const root of inherited) if (own.some((outer) => isInsideRoot(root, outer))) out.add(root)
  return [...out]
}

/** Refuses an agent deeper than maxDepth, before anything starts. */
export function checkDepth(position: TreePosition): void {
  if (position.depth <= position.maxDepth) return
  throw new CodexMcpError(
    `This codex-mcp runs inside an agent at depth ${position.depth - 1} of a tree of agents, and the server that started the tree allows agents to depth ${position.maxDepth} (maxDepth ${position.maxDepth}): an agent may not start agents here.`,
    {
      kind: 'forbidden',
      fix: `Do the work yourself, in this agent. To let agents start agents, the person running the root codex-mcp must raise maxDepth (--max-depth ${position.depth}, or "maxDepth": ${position.depth} in its config file).`,
    },
  )
}

export {TREE_ENV, serializeTreeMarker}
