import {existsSync} from 'node:fs'
import path from 'node:path'

import type {CodexEvent} from '../runner/events.js'
import {git} from './git.js'
import type {ChangedFile} from './schema.js'

const DIFF = ['--no-ext-diff', '--no-textconv', '--no-color', '-M', '-z']

/** Every file that differs between two commits, with its status and line counts (renames detected). */
export async function changedFiles(repo: string, from: string, to: string): Promise<ChangedFile[]> {
  if (from === to) return []
  const [nameStatus, numstat] = await Promise.all([
    git(repo, ['diff', '--name-status', ...DIFF, from, to, '--']),
    git(repo, ['diff', '--numstat', ...DIFF, from, to, '--']),
  ])
  const counts = new Map<string, {additions: number; deletions: number}>()
  // numstat -z: "A\tD\tpath\0", or for a rename "A\tD\t\0old\0new\0"; binary files count "-".
  const numFields = numstat.split('\0')
  for (let i = 0; i < numFields.length; i++) {
    const match = /^(-|\d+)\t(-|\d+)\t(.*)$/s.exec(numFields[i])
    if (!match) continue
    const file = match[3] === '' ? numFields[(i += 2)] : match[3]
    counts.set(file, {additions: Number(match[1]) || 0, deletions: Number(match[2]) || 0})
  }
  const files: ChangedFile[] = []
  // name-status -z: "M\0path\0", or "R100\0old\0new\0".
  const fields = nameStatus.split('\0')
  for (let i = 0; i + 1 < fields.length; ) {
    const code = fields[i]
    if (code === '') break
    if (code.startsWith('R') || code.startsWith('C')) {
      const [oldPath, newPath] = [fields[i + 1], fields[i + 2]]
      files.push({path: newPath, status: code.startsWith('R') ? 'renamed' : 'added', ...(code.startsWith('R') ? {oldPath} : {}), ...(counts.get(newPath) ?? {additions: 0, deletions: 0})})
      i += 3
    } else {
      const file = fields[i + 1]
      const status = code === 'A' ? 'added' : code === 'D' ? 'deleted' : 'modified'
      files.push({path: file, status, ...(counts.get(file) ?? {additions: 0, deletions: 0})})
      i += 2
    }
  }
  return files.sort((a, b) => a.path.localeCompare(b.path))
}

/** The root of the git working tree containing `dir` (a `.git` directory or file), found without running git. */
export function findGitRoot(dir: string): string | undefined {
  for (let current = path.resolve(dir); ; current = path.dirname(current)) {
    if (existsSync(path.join(current, '.git'))) return current
    if (path.dirname(current) === current) return undefined
  }
}

const KIND_STATUS: Record<string, ChangedFile['status']> = {add: 'added', delete: 'deleted', update: 'modified'}

/**
 * Best effort for an agent that ran in the user's own tree: the files of Codex's own file-change events (its
 * patch tool), relative to `root`. Files a shell command wrote are not in them.
 */
export class FileChangeCollector {
  private readonly files = new Map<string, ChangedFile['status']>()

  /** `cwd`: the agent's; Codex's paths are absolute, a relative one is relative to it. */
  constructor(private readonly cwd: string) {}

  observe(event: CodexEvent): void {
    if (event.type !== 'item.completed' || event.item.type !== 'file_change') return
    const changes = (event.item as {changes?: Array<{path: string; kind?: string}>}).changes ?? []
    for (const change of changes) {
      const file = path.resolve(this.cwd, change.path)
      const before = this.files.get(file)
      const status = KIND_STATUS[change.kind ?? ''] ?? 'modified'
      // A file added then edited in one run is still added; added then deleted is gone.
      if (before === 'added' && status === 'deleted') this.files.delete(file)
      else this.files.set(file, before === 'added' ? 'added' : status)
    }
  }

  result(root: string): ChangedFile[] {
    return [...this.files]
      .map(([file, status]) => ({path: path.relative(root, file).split(path.sep).join('/'), status}))
      .sort((a, b) => a.path.localeCompare(b.path))
  }
}

/** Files that two or more agents changed, with who changed them. `key` names an agent (a batch index, a job id). */
export function findOverlaps<K extends string | number>(agents: Array<{key: K; root?: string; files?: ChangedFile[]}>): Array<{path: string; agents: K[]}> {
  const byFile = new Map<string, {path: string; agents: K[]}>()
  for (const agent of agents) {
    for (const file of agent.files ?? []) {
      for (const name of new Set([file.path, ...(file.oldPath ? [file.oldPath] : [])])) {
        const id = `${agent.root ?? ''}\0${name}`
        const entry = byFile.get(id) ?? {path: name, agents: []}
        if (!entry.agents.includes(agent.key)) entry.agents.push(agent.key)
        byFile.set(id, entry)
      }
    }
  }
  return [...byFile.values()].filter((entry) => entry.agents.length > 1).sort((a, b) => a.path.localeCompare(b.path))
}
