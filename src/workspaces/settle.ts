import {existsSync} from 'node:fs'

import {type AgentOutcome, failed, settleAgent} from '../runner/agent-outcome.js'
import type {RunHooks} from '../runner/engines/types.js'
import type {RunOptions} from '../runner/run-options.js'
import {FileChangeCollector, findGitRoot} from './changed-files.js'
import {commitWorkspace} from './commit.js'
import {createWorkspace} from './create.js'
import {registryFor} from './registry.js'
import type {WorkspaceInfo, WorkspaceRecord} from './schema.js'


export const workspaceInfo = (record: WorkspaceRecord): WorkspaceInfo => ({
  workspaceId: record.workspaceId,
  branch: record.branch,
  path: record.path,
  repoRoot: record.repoRoot,
  baseCommit: record.baseCommit,
  commit: record.commit,
  changedFiles: record.changedFiles,
})

/**
 * Runs an agent and never throws, saying what it changed. Isolated (or continuing an isolated agent's thread):
 * in its worktree, then its changes committed on the workspace branch. Otherwise in `cwd`, with the files of
 * Codex's own file-change events when `cwd` is in a git repository (best effort).
 */
export async function settleAgentRun(options: RunOptions, hooks: RunHooks = {}): Promise<AgentOutcome> {
  const registry = registryFor(options.stateDir)
  let record = options.resumeThreadId ? registry.findByThread(options.resumeThreadId) : undefined
  if (record && !existsSync(record.agentCwd)) record = undefined
  if (!record && options.isolation === 'worktree') {
    if (hooks.signal?.aborted) return settleAgent(options, hooks) // cancelled before it started: no worktree for nothing
    try {
      record = await createWorkspace(registry, {cwd: options.cwd, prompt: options.prompt})
    } catch (error) {
      return failed(error, 0)
    }
  } else if (record) {
    record = {...record, state: 'running', serverPid: process.pid}
    registry.save(record)
  }

  if (!record) {
    const collector = new FileChangeCollector(options.cwd)
    const outcome = await settleAgent(options, {...hooks, onEvent: (event) => (collector.observe(event), hooks.onEvent?.(event))})
    const root = findGitRoot(options.cwd)
    return root ? {...outcome, changedFiles: collector.result(root), changedFilesBestEffort: true, repoRoot: root} : outcome
  }

  const outcome = await settleAgent({...options, cwd: record.agentCwd}, hooks)
  try {
    const committed = await commitWorkspace(registry, record, {prompt: options.prompt, threadId: outcome.threadId, agentStatus: outcome.status})
    return {...outcome, workspace: workspaceInfo(committed)}
  } catch (error) {
    // The agent's work is still in the worktree: say so rather than lose the outcome.
    const problem = failed(error, outcome.durationMs)
    return {...outcome, status: outcome.status === 'succeeded' ? 'failed' : outcome.status, error: {...problem.error!, message: `The agent finished, but its changes could not be committed in ${record.path}: ${problem.error!.message}`}, workspace: workspaceInfo(record)}
  }
}
