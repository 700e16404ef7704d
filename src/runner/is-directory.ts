import {statSync} from 'node:fs'

/** True when `dir` exists and is a directory (an agent's working directory must be). */
export function isDirectory(dir: string): boolean {
  try {
    return statSync(dir).isDirectory()
  } catch {
    return false
  }
}
