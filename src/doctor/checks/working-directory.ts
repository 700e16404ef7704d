import {accessSync, constants, existsSync} from 'node:fs'
import path from 'node:path'

import {isDirectory} from '../../runner/is-directory.js'
import type {DoctorContext} from '../context.js'
import {check, type CheckResult} from '../types.js'

/** The nearest directory at or above `dir` holding `.git`. */
export function gitRoot(dir: string): string | undefined {
  for (let current = dir; ; current = path.dirname(current)) {
    if (existsSync(path.join(current, '.git'))) return current
    if (path.dirname(current) === current) return undefined
  }
}

/** Where agents would run: exists, writable, and (for information) inside a git repository or not. */
export function workingDirectoryCheck(ctx: Pick<DoctorContext, 'runOptions'>): CheckResult[] {
  const {cwd} = ctx.runOptions('doctor')
  if (!isDirectory(cwd)) {
    return [check('working-directory', 'fail', `Working directory ${cwd} does not exist or is not a directory.`, 'create it, or fix "cwd" in the codex-mcp config')]
  }
  const results: CheckResult[] = []
  try {
    accessSync(cwd, constants.W_OK)
    results.push(check('working-directory', 'pass', `Working directory: ${cwd} (writable)`))
  } catch {
    results.push(
      check('working-directory', 'warn', `Working directory ${cwd} is not writable: agents can read but not change files there.`, `run codex-mcp from a directory you can write to, or fix its permissions (chmod u+w ${cwd})`),
    )
  }
  const root = gitRoot(cwd)
  results.push(
    root
      ? check('git-repository', 'info', `Git repository: ${root} (review agents' changes with git diff)`)
      : check('git-repository', 'info', `Not inside a git repository (agents still run: codex-mcp passes --skip-git-repo-check)`),
  )
  return results
}
