import {accessSync, constants, mkdirSync} from 'node:fs'

/** Why background jobs cannot be kept in `dir` (it cannot be created, is not a directory, is not writable), or undefined. */
export function stateDirProblem(dir: string): string | undefined {
  try {
    mkdirSync(dir, {recursive: true, mode: 0o700})
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
