import {accessSync, constants} from 'node:fs'
import {homedir} from 'node:os'
import path from 'node:path'

import {ensurePrivateDir} from './private-file.js'

/** `$XDG_STATE_HOME/codex-mcp` (default `~/.local/state/codex-mcp`), or the config's `stateDir`. */
export function defaultStateDir(env: Record<string, string | undefined> = process.env): string {
  return path.join(env.XDG_STATE_HOME || path.join(homedir(), '.local', 'state'), 'codex-mcp')
}

/** What lives where in the state dir: one place, so no library guesses another's paths. */
export function stateLayout(stateDir: string) {
  return {
    /** Background jobs: `<jobId>.json` each (at the top, where earlier versions wrote them). */
    jobs: stateDir,
    /** Full outputs too long for a tool result: `<id>.txt` each. */
    outputs: path.join(stateDir, 'outputs'),
    /** Workspace records of isolated agents. */
    workspaces: path.join(stateDir, 'workspaces'),
    /** The git worktrees of isolated agents: `<workspaceId>` each. */
    worktrees: path.join(stateDir, 'worktrees'),
    /** The concurrency budgets of trees of nested agents: `<rootId>/` each, a slot file per running agent. */
    trees: path.join(stateDir, 'trees'),
  }
}

/** Why background jobs cannot be kept in `dir` (it cannot be created, is not a directory, is not writable), or undefined. */
export function stateDirProblem(dir: string): string | undefined {
  try {
    ensurePrivateDir(dir)
    accessSync(dir, constants.W_OK | constants.X_OK)
    return undefined
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    const why = code === 'EEXIST' || code === 'ENOTDIR' ? 'a file, not a directory, is in the way' : code === 'EACCES' || code === 'EPERM' ? 'permission denied' : (error as Error).message
    return `the state directory ${dir} is unusable (${why})`
  }
}

export const stateDirFix = (dir: string) =>
  `make ${dir} a writable directory (mkdir -p ${dir}), or set "stateDir" in the codex-mcp config (or XDG_STATE_HOME) to one`
