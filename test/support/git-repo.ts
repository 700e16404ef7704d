import {execaSync} from 'execa'
import {mkdirSync, writeFileSync} from 'node:fs'
import path from 'node:path'

/** git in `repo` with a fixed identity and none of the machine's hooks or signing. */
export function gitIn(repo: string, ...args: string[]): string {
  return execaSync('git', ['-c', 'user.name=Test', '-c', 'user.email=test@example.com', '-c', 'commit.gpgsign=false', '-c', 'core.hooksPath=/dev/null', ...args], {cwd: repo}).stdout
}

/** Writes files (path → content) under `dir`. */
export function writeFiles(dir: string, files: Record<string, string>): void {
  for (const [file, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, file)), {recursive: true})
    writeFileSync(path.join(dir, file), content)
  }
}

/** A git repository at `dir` with `files` committed. */
export function makeRepo(dir: string, files: Record<string, string>): string {
  mkdirSync(dir, {recursive: true})
  gitIn(dir, 'init', '--quiet', '--initial-branch=main')
  writeFiles(dir, files)
  gitIn(dir, 'add', '--all')
  gitIn(dir, 'commit', '--quiet', '-m', 'initial')
  return dir
}

/** `git status --short`, sorted lines: what the user would see as uncommitted. */
export const statusLines = (repo: string) =>
  gitIn(repo, 'status', '--short', '--untracked-files=all')
    .split('\n')
    .filter(Boolean)
    .sort()

export const branches = (repo: string) =>
  gitIn(repo, 'branch', '--format=%(refname:short)')
    .split('\n')
    .filter(Boolean)
    .sort()
