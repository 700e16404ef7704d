import {existsSync, mkdirSync, readFileSync, writeFileSync} from 'node:fs'
import path from 'node:path'
import {describe, expect, it} from 'vitest'

import {branches, gitIn, makeRepo, statusLines} from '../support/git-repo.js'
import {runCli} from '../support/cli.js'
import {useStubRig} from '../support/stub-rig.js'

const rig = useStubRig('workspaces-cli')
const state = () => path.join(rig.work, 'state')
const cli = (args: string[]) => runCli(args, {env: {...rig.home.env, XDG_STATE_HOME: state()}})
/** stderr with oclif's wrapping (and its › marks) undone: one line, single spaces. */
const errorText = (result: {stderr: unknown}) => String(result.stderr).replace(/\s*›\s*/g, ' ').replace(/\s+/g, ' ')

describe('codex-mcp parallel --isolation worktree + codex-mcp workspaces (real git, real Codex + stub)', () => {
  it('runs each task in its own worktree, then lists, applies, refuses, discards and prunes', {timeout: 300_000}, async () => {
    const repo = makeRepo(path.join(rig.work, 'repo'), {'shared.txt': 'shared\n', 'keep.txt': 'keep\n'})
    const tasks = path.join(rig.work, 'tasks.json')
    writeFileSync(
      tasks,
      JSON.stringify([
        {name: 'first', prompt: "[[shell:sed -i 's/shared/first/' shared.txt]] First edit"},
        {name: 'second', prompt: "[[shell:sed -i 's/shared/second/' shared.txt]] Second edit"},
        {name: 'adder', model: 'gpt-5.5', prompt: '[[patch:*** Add File: docs/new.md\n+# New\n]] Add docs'},
      ]),
    )
    const run = await cli(['parallel', '--isolation', 'worktree', '--cd', repo, '--json', tasks])
    expect(run.exitCode, String(run.stderr)).toBe(0)
    const entries = JSON.parse(String(run.stdout))
    expect(entries.map((e: any) => e.workspace.changedFiles)).toEqual([
      [{path: 'shared.txt', status: 'modified', additions: 1, deletions: 1}],
      [{path: 'shared.txt', status: 'modified', additions: 1, deletions: 1}],
      [{path: 'docs/new.md', status: 'added', additions: 1, deletions: 0}],
    ])
    expect(String(run.stderr)).toMatch(/Overlaps: 1 file was changed by more than one agent:\n\s+shared\.txt: #1 first, #2 second/)
    expect(String(run.stderr)).toContain(`codex-mcp workspaces apply ${entries[0].workspace.workspaceId}`)
    expect(statusLines(repo)).toEqual([])
    const [first, second, adder] = entries.map((e: any) => e.workspace)
    expect(branches(repo)).toEqual(['main', first.branch, second.branch, adder.branch].sort())

    const list = await cli(['workspaces', 'list', '--json'])
    expect(list.exitCode, String(list.stderr)).toBe(0)
    expect(JSON.parse(String(list.stdout)).map((ws: any) => [ws.workspaceId, ws.pending]).sort()).toEqual([first, second, adder].map((ws) => [ws.workspaceId, true]).sort())
    const table = await cli(['workspaces', 'list'])
    expect(String(table.stdout)).toContain(`${second.workspaceId}  pending  ${second.branch}`)

    const applied = await cli(['workspaces', 'apply', first.workspaceId])
    expect(applied.exitCode, String(applied.stderr)).toBe(0)
    expect(String(applied.stdout)).toContain('M shared.txt (+1 -1)')
    expect(readFileSync(path.join(repo, 'shared.txt'), 'utf8')).toBe('first\n')

    const refused = await cli(['workspaces', 'apply', second.workspaceId])
    expect(refused.exitCode).toBe(1)
    expect(errorText(refused)).toContain('uncommitted changes in a file the agent also changed: shared.txt. Nothing was changed.')
    expect(readFileSync(path.join(repo, 'shared.txt'), 'utf8')).toBe('first\n')

    const discarded = await cli(['workspaces', 'discard', second.workspaceId])
    expect(discarded.exitCode, String(discarded.stderr)).toBe(0)
    expect(existsSync(second.path)).toBe(false)
    expect(branches(repo)).not.toContain(second.branch)

    const pruned = await cli(['workspaces', 'prune', '--json'])
    expect(pruned.exitCode, String(pruned.stderr)).toBe(0)
    const prune = JSON.parse(String(pruned.stdout))
    expect(prune.removed.map((ws: any) => ws.workspaceId)).toEqual([first.workspaceId])
    expect(prune.kept.map((ws: any) => [ws.workspaceId, ws.reason])).toEqual([[adder.workspaceId, 'unapplied changes in 1 file(s): apply or discard it']])
    expect(existsSync(first.path)).toBe(false)
    expect(existsSync(adder.path)).toBe(true)
    expect(branches(repo)).toEqual(['main', adder.branch].sort())
    expect(statusLines(repo)).toEqual([' M shared.txt'])

    expect((await cli(['workspaces', 'apply', adder.workspaceId])).exitCode).toBe(0)
    expect(statusLines(repo)).toEqual([' A docs/new.md', ' M shared.txt'])
    const last = await cli(['workspaces', 'prune'])
    expect(String(last.stdout)).toContain(`Removed 1 workspace\n  ${adder.workspaceId}`)
    expect(branches(repo)).toEqual(['main'])
    expect(gitIn(repo, 'worktree', 'list').split('\n')).toHaveLength(1)
  })

  it('spawn --isolation worktree outside a git repository exits 2 with a clear error; an unknown id too', {timeout: 120_000}, async () => {
    const plain = path.join(rig.work, 'plain')
    mkdirSync(plain, {recursive: true})
    const result = await cli(['spawn', '--isolation', 'worktree', '--cd', plain, 'anything'])
    expect(result.exitCode).toBe(2)
    expect(errorText(result)).toContain(`isolation "worktree" needs a git repository, and ${plain} is not in one.`)
    expect(String(result.stderr)).not.toMatch(/\n\s+at /)
    const unknown = await cli(['workspaces', 'discard', 'deadbeef'])
    expect(unknown.exitCode).toBe(2)
    expect(errorText(unknown)).toContain('No workspace deadbeef')
  })
})
