import {accessSync, chmodSync, constants, mkdirSync, renameSync, rmSync, writeFileSync} from 'node:fs'

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

/** The state dir holds prompts and outputs: only its owner may read it, whatever the umask. */
export function ensurePrivateDir(dir: string): void {
  mkdirSync(dir, {recursive: true, mode: 0o700})
  chmodSync(dir, 0o700)
}

/** Written atomically and readable by the owner only (a fresh file, so an older file's mode never lingers). */
export function writePrivateFile(file: string, text: string): void {
  const tmp = `${file}.${process.pid}.tmp`
  rmSync(tmp, {force: true})
  writeFileSync(tmp, text, {mode: 0o600, flag: 'wx'})
  chmodSync(tmp, 0o600)
  renameSync(tmp, file)
}
