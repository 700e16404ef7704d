import {existsSync, mkdirSync, readFileSync, writeFileSync} from 'node:fs'
import path from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {branches, gitIn, makeRepo, statusLines} from '../support/git-repo.js'
import {connectServe, type ServeConnection} from '../support/mcp-client.js'
import {waitFor} from '../support/processes.js'
import {useStubRig} from '../support/stub-rig.js'

const rig = useStubRig('workspaces')
let server: ServeConnection
let state: string

beforeAll(async () => {
  state = path.join(rig.work, 'state')
  server = await connectServe(['--allowed-root', rig.work], {...rig.home.env, XDG_STATE_HOME: state})
})
afterAll(async () => {
  await server?.close()
})

const call = async (name: string, args: object) => {
  const result = await server.client.callTool({name, arguments: args as Record<string, unknown>}, undefined, {timeout: 120_000})
  return {isError: result.isError as boolean | undefined, structured: result.structuredContent as any, text: (result.content as any)[0].text as string}
}
const read = (file: string) => readFileSync(file, 'utf8')
let repos = 0
const newRepo = (files: Record<string, string>) => makeRepo(path.join(rig.work, `repo-${++repos}`), files)

describe('isolated agents through MCP (real git, real Codex + stub)', () => {
  it('batch of three: own branches, exact changedFiles, overlaps; apply, refuse, conflict, discard, reply, list', {timeout: 240_000}, async () => {
    const repo = newRepo({'a.txt': 'line1\nline2\nline3\n', 'b.txt': 'b\n', 'c.txt': 'c\n'})
    writeFileSync(path.join(repo, 'b.txt'), 'b changed by the user\n') // uncommitted, tracked: carried into the worktrees
    writeFileSync(path.join(repo, 'notes.txt'), 'untracked\n') // untracked: not carried
    const before = statusLines(repo)

    const batch = await call('spawn_agents_parallel', {
      agents: [
        {name: 'patcher', model: 'gpt-5.5', prompt: '[[patch:*** Update File: a.txt\n@@\n line1\n-line2\n+line2 from patcher\n]] Patch a.txt'},
        {name: 'adder', prompt: "[[shell:printf 'new\\n' > added.txt && rm c.txt && cat b.txt]] Add a file, delete one"},
        {name: 'clasher', prompt: "[[shell:sed -i 's/line2/line2 from clasher/' a.txt]] Edit a.txt too"},
      ].map((agent) => ({...agent, cwd: repo, isolation: 'worktree'})),
    })
    expect(batch.isError, batch.text).toBe(false)
    const [patcher, adder, clasher] = batch.structured.agents
    expect(batch.structured.agents.map((a: any) => a.status), batch.text).toEqual(['succeeded', 'succeeded', 'succeeded'])
    expect(patcher.workspace.changedFiles).toEqual([{path: 'a.txt', status: 'modified', additions: 1, deletions: 1}])
    expect(adder.workspace.changedFiles).toEqual([
      {path: 'added.txt', status: 'added', additions: 1, deletions: 0},
      {path: 'c.txt', status: 'deleted', additions: 0, deletions: 1},
    ])
    expect(clasher.workspace.changedFiles).toEqual([{path: 'a.txt', status: 'modified', additions: 1, deletions: 1}])
    expect(adder.output).toContain('b changed by the user') // the agent saw the user's uncommitted change
    expect(existsSync(path.join(adder.workspace.path, 'notes.txt'))).toBe(false)
    expect(batch.structured.overlaps).toEqual([{path: 'a.txt', agents: [0, 2]}])
    expect(batch.text).toMatch(/Overlaps: 1 file was changed by more than one agent:\n\s+a\.txt: #0, #2/)
    expect(batch.text).toContain(`apply_workspace {"workspaceId": "${patcher.workspace.workspaceId}"}`)

    // Three branches, the user's tree untouched.
    const ids = [patcher, adder, clasher].map((a) => a.workspace.workspaceId)
    expect(new Set(ids).size).toBe(3)
    expect(branches(repo).filter((b) => b.startsWith('codex-mcp/'))).toEqual([patcher, adder, clasher].map((a) => a.workspace.branch).sort())
    expect(statusLines(repo)).toEqual(before)
    expect(read(path.join(repo, 'a.txt'))).toBe('line1\nline2\nline3\n')
    for (const agent of [patcher, adder, clasher]) {
      expect(agent.workspace.path.startsWith(path.join(state, 'codex-mcp'))).toBe(true)
      expect(gitIn(repo, 'log', '-1', '--format=%B', agent.workspace.commit)).toContain(`Codex-Thread-Id: ${agent.threadId}`)
      expect(gitIn(repo, 'show', `${agent.workspace.baseCommit}:b.txt`)).toBe('b changed by the user')
    }

    // Apply one: its change is uncommitted in the user's tree; the user's own change stays.
    const applied = await call('apply_workspace', {workspaceId: patcher.workspace.workspaceId})
    expect(applied.isError, applied.text).toBe(false)
    expect(applied.structured).toMatchObject({applied: true, files: [{path: 'a.txt', status: 'modified'}]})
    expect(read(path.join(repo, 'a.txt'))).toBe('line1\nline2 from patcher\nline3\n')
    expect(statusLines(repo)).toEqual([' M a.txt', ' M b.txt', '?? notes.txt'])
    expect(gitIn(repo, 'rev-list', '--count', 'HEAD')).toBe('1')

    // The other a.txt editor: refused while the user has uncommitted changes in a.txt.
    const refused = await call('apply_workspace', {workspaceId: clasher.workspace.workspaceId})
    expect(refused.isError).toBe(true)
    expect(refused.structured).toMatchObject({applied: false, conflicts: ['a.txt'], error: {kind: 'conflict'}})
    expect(refused.text).toMatch(/uncommitted changes in a file the agent also changed: a\.txt/)

    // Committed: now a real 3-way conflict. Nothing changes.
    gitIn(repo, 'commit', '--quiet', '-m', 'user takes the patch', 'a.txt')
    const head = gitIn(repo, 'rev-parse', 'HEAD')
    const conflict = await call('apply_workspace', {workspaceId: clasher.workspace.workspaceId})
    expect(conflict.isError).toBe(true)
    expect(conflict.structured).toMatchObject({applied: false, conflicts: ['a.txt'], error: {kind: 'conflict'}})
    expect(conflict.text).toMatch(/conflict with your tree in a\.txt\. Nothing was changed/)
    expect(read(path.join(repo, 'a.txt'))).toBe('line1\nline2 from patcher\nline3\n')
    expect(statusLines(repo)).toEqual([' M b.txt', '?? notes.txt'])
    expect(gitIn(repo, 'rev-parse', 'HEAD')).toBe(head)

    // Discard removes worktree and branch.
    const discarded = await call('discard_workspace', {workspaceId: clasher.workspace.workspaceId})
    expect(discarded.isError, discarded.text).toBe(false)
    expect(existsSync(clasher.workspace.path)).toBe(false)
    expect(branches(repo)).not.toContain(clasher.workspace.branch)
    expect(gitIn(repo, 'worktree', 'list')).not.toContain(clasher.workspace.path)

    // A tree that moved on: the adder still applies (3-way), as uncommitted changes.
    const second = await call('apply_workspace', {workspaceId: adder.workspace.workspaceId})
    expect(second.isError, second.text).toBe(false)
    expect(read(path.join(repo, 'added.txt'))).toBe('new\n')
    expect(existsSync(path.join(repo, 'c.txt'))).toBe(false)
    expect(statusLines(repo)).toEqual([' A added.txt', ' D c.txt', ' M b.txt', '?? notes.txt'])

    // reply_agent continues in the same worktree and adds a commit.
    const reply = await call('reply_agent', {threadId: adder.threadId, prompt: "[[shell:printf 'more\\n' >> added.txt]] Add a line"})
    expect(reply.isError, reply.text).toBe(false)
    expect(reply.structured.workspace).toMatchObject({workspaceId: adder.workspace.workspaceId, path: adder.workspace.path, baseCommit: adder.workspace.baseCommit})
    expect(gitIn(repo, 'rev-parse', `${reply.structured.workspace.commit}^`)).toBe(adder.workspace.commit)
    expect(reply.structured.workspace.changedFiles).toEqual([
      {path: 'added.txt', status: 'added', additions: 2, deletions: 0},
      {path: 'c.txt', status: 'deleted', additions: 0, deletions: 1},
    ])
    // Applying again brings only the new commit, on top of the still uncommitted first apply.
    const again = await call('apply_workspace', {workspaceId: adder.workspace.workspaceId})
    expect(again.isError, again.text).toBe(false)
    expect(again.structured.files).toEqual([{path: 'added.txt', status: 'modified', additions: 1, deletions: 0}])
    expect(read(path.join(repo, 'added.txt'))).toBe('new\nmore\n')
    expect(statusLines(repo)).toEqual([' A added.txt', ' D c.txt', ' M b.txt', '?? notes.txt'])

    // Listed as applied, with nothing pending.
    const listed = await call('list_workspaces', {})
    const mine = listed.structured.workspaces.filter((ws: any) => ws.repoRoot === repo)
    expect(mine.map((ws: any) => [ws.workspaceId, ws.applied, ws.pending]).sort()).toEqual(
      [
        [patcher.workspace.workspaceId, true, false],
        [adder.workspace.workspaceId, true, false],
      ].sort(),
    )
    expect(listed.text).toContain(`${patcher.workspace.workspaceId} applied ${patcher.workspace.branch}`)
  })

  it('keeps and lists the workspace of a cancelled agent, with its partial work committed', {timeout: 180_000}, async () => {
    const repo = newRepo({'main.txt': 'main\n'})
    const started = await call('start_agent', {cwd: repo, isolation: 'worktree', prompt: '[[shell:echo partial > partial.txt; sleep 60]] Long job'})
    const worktree = await waitFor(async () => {
      const ws = (await call('list_workspaces', {})).structured.workspaces.find((w: any) => w.repoRoot === repo)
      return ws && existsSync(path.join(ws.path, 'partial.txt')) && ws
    }, 60_000, 'the agent to write partial.txt')
    expect(worktree.state).toBe('running')
    await call('cancel_agent', {jobId: started.structured.jobId})
    const job = (await call('get_agent', {jobId: started.structured.jobId})).structured.job
    expect(job.agents[0].outcome).toMatchObject({status: 'cancelled', workspace: {workspaceId: worktree.workspaceId, changedFiles: [{path: 'partial.txt', status: 'added'}]}})
    const listed = (await call('list_workspaces', {})).structured.workspaces.find((w: any) => w.workspaceId === worktree.workspaceId)
    expect(listed).toMatchObject({state: 'finished', agentStatus: 'cancelled', pending: true})
    expect(gitIn(repo, 'log', '-1', '--format=%B', listed.commit)).toContain('Partial work: the agent was cancelled.')
    expect(statusLines(repo)).toEqual([])
  })

  it('wait_agents lists overlaps between jobs', {timeout: 180_000}, async () => {
    const repo = newRepo({'shared.txt': 'x\n'})
    const jobs: string[] = []
    for (const word of ['one', 'two']) {
      jobs.push((await call('start_agent', {cwd: repo, isolation: 'worktree', prompt: `[[shell:echo ${word} >> shared.txt]] ${word}`})).structured.jobId)
    }
    const waited = await waitFor(async () => {
      const result = await call('wait_agents', {jobIds: jobs, timeoutSeconds: 30})
      return result.structured.done && result
    }, 120_000, 'both jobs')
    expect(waited.structured.jobs.map((job: any) => job.status)).toEqual(['succeeded', 'succeeded'])
    expect(waited.structured.overlaps).toEqual([{path: 'shared.txt', agents: jobs}])
    expect(waited.text).toContain('Overlaps: 1 file was changed by more than one agent')
  })

  it('a non-isolated agent in a git repository gets best-effort changedFiles from Codex\'s own edits', async () => {
    const repo = newRepo({'kept.txt': 'k\n'})
    const result = await call('spawn_agent', {
      cwd: repo,
      model: 'gpt-5.5',
      prompt: '[[patch:*** Add File: patched.txt\n+by the patch tool\n*** Update File: kept.txt\n@@\n-k\n+K\n]][[shell:echo by shell > shell.txt]] Edit',
    })
    expect(result.isError, result.text).toBe(false)
    expect(result.structured).toMatchObject({
      changedFiles: [
        {path: 'kept.txt', status: 'modified'},
        {path: 'patched.txt', status: 'added'},
      ],
      changedFilesBestEffort: true,
      repoRoot: repo,
    })
    expect(result.structured.workspace).toBeUndefined()
    expect(statusLines(repo)).toEqual([' M kept.txt', '?? patched.txt', '?? shell.txt'])
    expect(result.text).toContain('best effort')
  })

  it('isolation "worktree" outside a git repository is a clear invalid-input error', async () => {
    const plain = path.join(rig.work, 'not-a-repo')
    mkdirSync(plain, {recursive: true})
    const result = await call('spawn_agent', {cwd: plain, isolation: 'worktree', prompt: 'anything'})
    expect(result.isError).toBe(true)
    expect(result.structured.error).toMatchObject({kind: 'invalid-input'})
    expect(result.structured.error.message).toBe(`isolation "worktree" needs a git repository, and ${plain} is not in one.`)
    expect(result.structured.error.fix).toMatch(/git init/)
    const bad = await call('apply_workspace', {workspaceId: '../../etc'})
    expect(bad.isError).toBe(true)
    expect(bad.text).toMatch(/workspaceId/)
  })
})
