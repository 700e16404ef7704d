import {readdirSync, readFileSync, rmSync} from 'node:fs'
import path from 'node:path'

import {CodexMcpError} from '../errors.js'
import {ensurePrivateDir, writePrivateFile} from '../state/private-file.js'
import {defaultStateDir, stateLayout} from '../state/state-dir.js'
import {pidAlive} from '../runner/process-tree.js'
import {type WorkspaceRecord, workspaceRecordSchema, type WorkspaceView} from './schema.js'

/**
 * The workspaces under a state directory: one JSON file each in `<stateDir>/workspaces/`, the worktrees in
 * `<stateDir>/worktrees/<id>`. Private to the user like the rest of the state directory (0700 / 0600).
 */
export class WorkspaceRegistry {
  readonly recordsDir: string
  readonly worktreesDir: string

  constructor(readonly stateDir: string) {
    const layout = stateLayout(stateDir)
    this.recordsDir = layout.workspaces
    this.worktreesDir = layout.worktrees
  }

  ensureDirs(): void {
    for (const dir of [this.stateDir, this.recordsDir, this.worktreesDir]) ensurePrivateDir(dir)
  }

  private file(workspaceId: string): string {
    return path.join(this.recordsDir, `${workspaceId}.json`)
  }

  save(record: WorkspaceRecord): void {
    this.ensureDirs()
    const file = this.file(record.workspaceId)
    writePrivateFile(file, JSON.stringify({...record, updatedAt: new Date().toISOString()}, null, 2))
  }

  get(workspaceId: string): WorkspaceRecord | undefined {
    try {
      return workspaceRecordSchema.parse(JSON.parse(readFileSync(this.file(workspaceId), 'utf8')))
    } catch {
      return undefined
    }
  }

  /** The record, or an `invalid-input` error that says how to find a valid id. */
  require(workspaceId: string): WorkspaceRecord {
    const record = /^[0-9a-f]{8}$/.test(workspaceId) ? this.get(workspaceId) : undefined
    if (!record) {
      throw new CodexMcpError(`No workspace ${workspaceId} in ${this.recordsDir}.`, {
        kind: 'invalid-input',
        fix: 'Use a workspaceId from an isolated agent\'s result; list_workspaces (CLI: codex-mcp workspaces list) shows them.',
      })
    }
    return record
  }

  remove(workspaceId: string): void {
    rmSync(this.file(workspaceId), {force: true})
  }

  /** Newest first. */
  list(): WorkspaceRecord[] {
    let files: string[]
    try {
      files = readdirSync(this.recordsDir)
    } catch {
      return []
    }
    return files
      .filter((file) => /^[0-9a-f]{8}\.json$/.test(file))
      .map((file) => this.get(file.slice(0, 8)))
      .filter((record): record is WorkspaceRecord => record !== undefined)
      .sort((a, b) => b.createdAt.localeCompare(a.createdAt))
  }

  /** The workspace an earlier isolated agent of this Codex thread worked in. */
  findByThread(threadId: string): WorkspaceRecord | undefined {
    return this.list().find((record) => record.threadIds.includes(threadId))
  }
}

/** A running workspace whose server is gone is finished: nothing will commit to it any more. */
export function isRunning(record: WorkspaceRecord): boolean {
  return record.state === 'running' && pidAlive(record.serverPid)
}

export function toView(record: WorkspaceRecord): WorkspaceView {
  const {serverPid: _pid, agentCwd: _cwd, ...rest} = record
  const applied = record.appliedCommit === record.commit
  const pending = record.commit !== record.baseCommit && !applied
  return {...rest, state: isRunning(record) ? 'running' : 'finished', applied, pending}
}

/** The registry of the config's state dir (default: $XDG_STATE_HOME/codex-mcp). */
export const registryFor = (stateDir: string | undefined) => new WorkspaceRegistry(stateDir ?? defaultStateDir())
