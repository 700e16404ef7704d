import {mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import path from 'node:path'
import {afterAll, describe, expect, it} from 'vitest'

import {applyWorkspace, WorkspaceConflictError} from '../../../src/workspaces/apply.js'
import {changedFiles, FileChangeCollector, findOverlaps} from '../../../src/workspaces/changed-files.js'
import {commitMessage, commitWorkspace} from '../../../src/workspaces/commit.js'
import {branchSlug, createWorkspace} from '../../../src/workspaces/create.js'
import {WorkspaceRegistry} from '../../../src/workspaces/registry.js'
import {pruneWorkspaces} from '../../../src/workspaces/remove.js'
import {gitIn, makeRepo, statusLines, writeFiles} from '../../support/git-repo.js'

const scratch = mkdtempSync(path.join(tmpdir(), 'codex-mcp-workspaces-unit-'))
afterAll(() => rmSync(scratch, {recursive: true, force: true}))
let n = 0
const fresh = (files: Record<string, string>) => {
  const dir = path.join(scratch, `case-${++n}`)
  return {repo: makeRepo(path.join(dir, 'repo'), files), registry: new WorkspaceRegistry(path.join(dir, 'state'))}
}
const lines = (count: number, tag = 'line') => Array.from({length: count}, (_, i) => `${tag} ${i + 1}\n`).join('')

describe('workspaces library (real git)', () => {
  it('changedFiles: added, modified, deleted, renamed (with its old path) and binary, with line counts', async () => {
    const {repo} = fresh({'a.txt': lines(3), 'gone.txt': 'x\ny\n', 'old/name.txt': lines(20), 'img.bin': '\0\x01\x02'})
    const base = gitIn(repo, 'rev-parse', 'HEAD')
    writeFiles(repo, {'a.txt': 'line 1\nchanged\nline 3\nline 4\n', 'new file.txt': 'n\n', 'img.bin': '\0\x03\x04\x05'})
    gitIn(repo, 'rm', '--quiet', 'gone.txt')
    mkdirSync(path.join(repo, 'new'))
    gitIn(repo, 'mv', 'old/name.txt', 'new/name.txt')
    gitIn(repo, 'add', '--all')
    gitIn(repo, 'commit', '--quiet', '-m', 'change')
    expect(await changedFiles(repo, base, 'HEAD')).toEqual([
      {path: 'a.txt', status: 'modified', additions: 2, deletions: 1},
      {path: 'gone.txt', status: 'deleted', additions: 0, deletions: 2},
      {path: 'img.bin', status: 'modified', additions: 0, deletions: 0},
      {path: 'new file.txt', status: 'added', additions: 1, deletions: 0},
      {path: 'new/name.txt', status: 'renamed', oldPath: 'old/name.txt', additions: 0, deletions: 0},
    ])
  })

  it('starts from HEAD plus uncommitted tracked changes, leaves untracked files out, and reports only the agent\'s changes', async () => {
    const {repo, registry} = fresh({'src/app.ts': lines(5), 'README.md': 'readme\n', 'obsolete.txt': 'o\n'})
    writeFileSync(path.join(repo, 'README.md'), 'readme, edited by the user\n')
    writeFileSync(path.join(repo, 'scratch.txt'), 'untracked\n')
    writeFileSync(path.join(repo, 'staged.txt'), 'staged, never committed\n')
    gitIn(repo, 'add', 'staged.txt')
    rmSync(path.join(repo, 'obsolete.txt'))
    const index = readFileSync(path.join(repo, '.git/index'))
    const ws = await createWorkspace(registry, {cwd: path.join(repo, 'src'), prompt: 'Fix the app!\nmore details'})
    expect(readFileSync(path.join(repo, '.git/index')).equals(index)).toBe(true) // the user's index is never written
    expect(readFileSync(path.join(ws.path, 'staged.txt'), 'utf8')).toBe('staged, never committed\n')
    expect(() => statSync(path.join(ws.path, 'obsolete.txt'))).toThrow()
    expect(ws.branch).toBe(`codex-mcp/${ws.workspaceId}-fix-the-app`)
    expect(ws.agentCwd).toBe(path.join(ws.path, 'src'))
    expect(readFileSync(path.join(ws.path, 'README.md'), 'utf8')).toBe('readme, edited by the user\n')
    expect(() => statSync(path.join(ws.path, 'scratch.txt'))).toThrow()
    expect(statSync(registry.recordsDir).mode & 0o777).toBe(0o700)
    expect(statSync(path.join(registry.recordsDir, `${ws.workspaceId}.json`)).mode & 0o777).toBe(0o600)

    writeFileSync(path.join(ws.path, 'src/app.ts'), lines(6))
    const done = await commitWorkspace(registry, ws, {prompt: 'Fix the app!\nmore details', threadId: 'thread-1', agentStatus: 'succeeded'})
    expect(done.changedFiles).toEqual([{path: 'src/app.ts', status: 'modified', additions: 1, deletions: 0}])
    expect(gitIn(repo, 'log', '-1', '--format=%an <%ae>%n%B', done.commit).trim()).toBe('codex-mcp <codex-mcp@localhost>\nFix the app!\n\nCodex-Thread-Id: thread-1')
    expect(registry.findByThread('thread-1')?.workspaceId).toBe(ws.workspaceId)
    expect(statusLines(repo)).toEqual([' D obsolete.txt', ' M README.md', '?? scratch.txt', 'A  staged.txt'])
  })

  it('apply merges 3-way into a tree that moved on, in the same file, as uncommitted changes', async () => {
    const {repo, registry} = fresh({'big.txt': lines(30)})
    const ws = await createWorkspace(registry, {cwd: repo, prompt: 'edit the top'})
    writeFileSync(path.join(ws.path, 'big.txt'), lines(30).replace('line 2\n', 'line 2 by the agent\n'))
    await commitWorkspace(registry, ws, {prompt: 'edit the top', agentStatus: 'succeeded'})
    writeFileSync(path.join(repo, 'big.txt'), lines(30).replace('line 29\n', 'line 29 by the user\n'))
    gitIn(repo, 'commit', '--quiet', '-am', 'user moves on')
    const {files} = await applyWorkspace(registry, ws.workspaceId)
    expect(files).toEqual([{path: 'big.txt', status: 'modified', additions: 1, deletions: 1}])
    const text = readFileSync(path.join(repo, 'big.txt'), 'utf8')
    expect(text).toContain('line 2 by the agent\n')
    expect(text).toContain('line 29 by the user\n')
    expect(statusLines(repo)).toEqual([' M big.txt'])
    expect((await applyWorkspace(registry, ws.workspaceId)).files).toEqual([]) // nothing new
  })

  it('a conflicting apply changes nothing and lists every conflicting file', async () => {
    const {repo, registry} = fresh({'one.txt': 'one\n', 'two.txt': 'two\n', 'free.txt': 'free\n'})
    const ws = await createWorkspace(registry, {cwd: repo, prompt: 'edit'})
    writeFiles(ws.path, {'one.txt': 'agent one\n', 'two.txt': 'agent two\n', 'free.txt': 'agent free\n'})
    await commitWorkspace(registry, ws, {prompt: 'edit', agentStatus: 'succeeded'})
    writeFiles(repo, {'one.txt': 'user one\n', 'two.txt': 'user two\n'})
    gitIn(repo, 'commit', '--quiet', '-am', 'user')
    const error = await applyWorkspace(registry, ws.workspaceId).catch((caught) => caught)
    expect(error).toBeInstanceOf(WorkspaceConflictError)
    expect(error.kind).toBe('conflict')
    expect(error.files).toEqual(['one.txt', 'two.txt'])
    expect(readFileSync(path.join(repo, 'free.txt'), 'utf8')).toBe('free\n')
    expect(statusLines(repo)).toEqual([])
  })

  it('prune removes applied and empty workspaces and keeps those with unapplied changes', async () => {
    const {repo, registry} = fresh({'f.txt': 'f\n'})
    const empty = await commitWorkspace(registry, await createWorkspace(registry, {cwd: repo, prompt: 'nothing'}), {prompt: 'nothing', agentStatus: 'failed'})
    const pending = await createWorkspace(registry, {cwd: repo, prompt: 'pending'})
    writeFileSync(path.join(pending.path, 'p.txt'), 'p\n')
    await commitWorkspace(registry, pending, {prompt: 'pending', agentStatus: 'succeeded'})
    const result = await pruneWorkspaces(registry)
    expect(result.removed.map((ws) => ws.workspaceId)).toEqual([empty.workspaceId])
    expect(result.kept.map((ws) => ws.workspaceId)).toEqual([pending.workspaceId])
    expect(registry.list().map((ws) => ws.workspaceId)).toEqual([pending.workspaceId])
  })

  it('small parts: slugs, commit messages, overlaps, best-effort file changes', () => {
    expect(branchSlug('  Überprüfe die API: v2!  ')).toBe('uberprufe-die-api-v2')
    expect(branchSlug('!!!')).toBe('agent')
    expect(commitMessage({prompt: 'x'.repeat(100), agentStatus: 'failed', threadId: 't'})).toBe(`${'x'.repeat(71)}…\n\nPartial work: the agent failed.\n\nCodex-Thread-Id: t\n`)
    expect(
      findOverlaps([
        {key: 0, root: '/r', files: [{path: 'a', status: 'modified'}]},
        {key: 1, root: '/r', files: [{path: 'b', status: 'renamed', oldPath: 'a'}]},
        {key: 2, root: '/other', files: [{path: 'a', status: 'modified'}]},
        {key: 3, root: '/r', files: [{path: 'b', status: 'added'}]},
      ]),
    ).toEqual([
      {path: 'a', agents: [0, 1]},
      {path: 'b', agents: [1, 3]},
    ])
    const collector = new FileChangeCollector('/r')
    const change = (changes: Array<{path: string; kind: string}>) => collector.observe({type: 'item.completed', item: {type: 'file_change', changes}} as any)
    change([{path: '/r/src/new.ts', kind: 'add'}, {path: '/r/old.ts', kind: 'delete'}, {path: '/r/tmp.ts', kind: 'add'}])
    change([{path: 'src/new.ts', kind: 'update'}, {path: '/r/tmp.ts', kind: 'delete'}])
    expect(collector.result('/r')).toEqual([
      {path: 'old.ts', status: 'deleted'},
      {path: 'src/new.ts', status: 'added'},
    ])
  })
})
