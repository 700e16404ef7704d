import path from 'node:path'

import type {Config} from '../../config/schema.js'
import {defaultStateDir, stateLayout} from '../../state/state-dir.js'
import {TreeBudget} from './budget.js'
import {inheritedTree} from './marker.js'
import {type TreePosition, treePosition} from './tree.js'

/** This process's place in a tree of agents, with the budget its agents take slots from (none when nesting is off). */
export interface ProcessTree {
  position: TreePosition
  budget?: TreeBudget
}


const cache = new WeakMap<Config, ProcessTree>()

/**
 * Where a server or command stands, worked out once per config (a server's config never changes): nested or
 * root, the limits its agents get, and the tree's budget. The root's budget counts in its own state dir;
 * a nested process finds the root's in the marker.
 */
export function processTree(config: Config, baseCwd: string, env: Record<string, string | undefined> = process.env): ProcessTree {
  const cached = cache.get(config)
  if (cached) return cached
  const inherited = inheritedTree(env)
  const position = treePosition(config, baseCwd, inherited, (root) => path.join(stateLayout(config.stateDir ?? defaultStateDir(env)).trees, root))
  const marker = position.childMarker
  const budget = marker.budgetDir
    ? new TreeBudget(marker.budgetDir, marker.maxConcurrency, inherited.state === 'root')
    : undefined
  const tree = {position, ...(budget ? {budget} : {})}
  cache.set(config, tree)
  return tree
}
