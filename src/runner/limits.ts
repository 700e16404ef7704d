import {realpathSync} from 'node:fs'
import path from 'node:path'

import {type Config, defaults, sandboxModes} from '../config/schema.js'
import {CodexMcpError} from '../errors.js'

type Sandbox = (typeof sandboxModes)[number]

/** Strictest first: a call may move down this list from the ceiling, never up. */
const looseness: Record<Sandbox, number> = {'read-only': 0, 'workspace-write': 1, 'danger-full-access': 2}

/** The sandbox of the person who started codex-mcp (flag or config), and the loosest a call may ask for. */
export function sandboxLimits(config: Config): {sandbox: Sandbox; ceiling: Sandbox} {
  const sandbox = config.sandbox ?? defaults.sandbox
  const ceiling = config.sandboxCeiling ?? sandbox
  if (looseness[ceiling] < looseness[sandbox]) {
    throw new CodexMcpError(`The sandbox "${sandbox}" is looser than the sandboxCeiling "${ceiling}".`, {
      kind: 'invalid-config',
      fix: `Set --sandbox (or "sandbox") to "${ceiling}" or stricter, or raise --sandbox-ceiling (or "sandboxCeiling").`,
    })
  }
  return {sandbox, ceiling}
}

/** The sandbox an agent runs with: the server's unless the call asks for one no looser than the ceiling. */
export function effectiveSandbox(config: Config, requested: Sandbox | undefined): Sandbox {
  const {sandbox, ceiling} = sandboxLimits(config)
  if (requested === undefined) return sandbox
  if (looseness[requested] > looseness[ceiling]) {
    throw new CodexMcpError(`sandbox "${requested}" is not allowed: this codex-mcp allows at most "${ceiling}".`, {
      kind: 'forbidden',
      fix: `Ask for sandbox "${ceiling}" or stricter. To allow "${requested}", the person running codex-mcp must start it with --sandbox-ceiling ${requested} (or set "sandboxCeiling": "${requested}" in its config file).`,
    })
  }
  return requested
}

/** The real path of `target`, or of its deepest existing ancestor joined with the rest (a cwd that does not exist yet). */
function realPathOf(target: string): string {
  const missing: string[] = []
  let current = target
  for (;;) {
    try {
      return path.join(realpathSync(current), ...missing.reverse())
    } catch {
      const parent = path.dirname(current)
      if (parent === current) return target
      missing.push(path.basename(current))
      current = parent
    }
  }
}

const isInside = (child: string, root: string) => {
  const relative = path.relative(root, child)
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative))
}

/** True when `child` is `root` or inside it, symlinks followed. */
export function isInsideRoot(child: string, root: string): boolean {
  return isInside(realPathOf(child), realPathOf(root))
}

/** Where agents may work: `allowedRoots`, else the directory they run in by default. */
export function allowedRoots(config: Config, defaultCwd: string): string[] {
  return config.allowedRoots?.map((root) => path.resolve(root)) ?? [defaultCwd]
}

/** Refuses a working directory that resolves (symlinks followed) outside every allowed root. */
export function checkCwdAllowed(cwd: string, roots: readonly string[], field = 'cwd'): void {
  const real = realPathOf(cwd)
  if (roots.some((root) => isInside(real, realPathOf(root)))) return
  throw new CodexMcpError(`${field} ${cwd} is outside the directories this codex-mcp allows: ${roots.join(', ')}.`, {
    kind: 'forbidden',
    fix: `Use a directory inside ${roots.join(' or ')}. To allow another, the person running codex-mcp must add it with --allowed-root DIR (or "allowedRoots" in its config file).`,
  })
}

/** A per-call Codex profile, unless the human switched them off. */
export function checkProfileAllowed(config: Config, requested: string | undefined): void {
  if (requested === undefined || (config.allowPerCallProfile ?? defaults.allowPerCallProfile)) return
  throw new CodexMcpError(`profile "${requested}" is not allowed: this codex-mcp does not let calls choose a Codex profile.`, {
    kind: 'forbidden',
    fix: 'Leave profile out (the server\'s profile applies). To allow it, the person running codex-mcp must set "allowPerCallProfile": true in its config file.',
  })
}

/** Isolation the human asked for (`--isolation worktree`) protects their tree: a call may not turn it off. */
export function checkIsolationAllowed(config: Config, requested: Config['isolation']): void {
  if (config.isolation !== 'worktree' || requested !== 'none') return
  throw new CodexMcpError('isolation "none" is not allowed: this codex-mcp runs every agent in its own worktree.', {
    kind: 'forbidden',
    fix: 'Leave isolation out (or "worktree"). To let agents work in the tree itself, the person running codex-mcp must drop --isolation worktree (or "isolation" in its config file).',
  })
}
