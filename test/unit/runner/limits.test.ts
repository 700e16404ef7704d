import {mkdir, mkdtemp, rm, symlink} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import path from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {CodexMcpError} from '../../../src/errors.js'
import {checkCwdAllowed, effectiveSandbox, sandboxLimits} from '../../../src/runner/limits.js'
import {resolveRunOptions} from '../../../src/runner/run-options.js'

const kindOf = (fn: () => unknown) => {
  try {
    fn()
  } catch (error) {
    return (error as CodexMcpError).kind
  }
  return 'none'
}

describe('sandbox ceiling', () => {
  it('defaults the ceiling to the server\'s sandbox; calls may only go stricter', () => {
    const config = {sandbox: 'workspace-write'} as const
    expect(effectiveSandbox(config, undefined)).toBe('workspace-write')
    expect(effectiveSandbox(config, 'read-only')).toBe('read-only')
    expect(kindOf(() => effectiveSandbox(config, 'danger-full-access'))).toBe('forbidden')
  })
  it('a looser sandboxCeiling lets calls up to it', () => {
    expect(effectiveSandbox({sandbox: 'read-only', sandboxCeiling: 'danger-full-access'}, 'danger-full-access')).toBe('danger-full-access')
  })
  it('a ceiling stricter than the sandbox itself is a config error', () => {
    expect(kindOf(() => sandboxLimits({sandbox: 'danger-full-access', sandboxCeiling: 'read-only'}))).toBe('invalid-config')
  })
})

describe('allowed roots', () => {
  let dir: string
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'codex-mcp-limits-'))
    await mkdir(path.join(dir, 'root', 'sub'), {recursive: true})
    await mkdir(path.join(dir, 'rootless'))
    await symlink(path.join(dir, 'rootless'), path.join(dir, 'root', 'link'))
  })
  afterAll(() => rm(dir, {recursive: true, force: true}))

  it('accepts the root, what is under it, and a directory that does not exist yet under it', () => {
    const roots = [path.join(dir, 'root')]
    for (const cwd of ['root', 'root/sub', 'root/not-yet/deeper']) expect(() => checkCwdAllowed(path.join(dir, cwd), roots)).not.toThrow()
  })
  it('refuses a sibling whose name starts like the root, and symlinks out', () => {
    const roots = [path.join(dir, 'root')]
    for (const cwd of ['rootless', 'root/link', 'root/link/x', '.']) expect(kindOf(() => checkCwdAllowed(path.join(dir, cwd), roots))).toBe('forbidden')
  })
  it('checks only a cwd the agent asked for; the human\'s own --cd is the default root', () => {
    const base = path.join(dir, 'root')
    expect(resolveRunOptions({}, {prompt: 'p'}, {baseCwd: base}).cwd).toBe(base)
    expect(kindOf(() => resolveRunOptions({}, {prompt: 'p', cwd: '..'}, {baseCwd: base}))).toBe('forbidden')
    expect(resolveRunOptions({allowedRoots: [dir]}, {prompt: 'p', cwd: '..'}, {baseCwd: base}).cwd).toBe(dir)
  })
  it('a call may not turn off the isolation the human asked for', () => {
    expect(kindOf(() => resolveRunOptions({isolation: 'worktree'}, {prompt: 'p', isolation: 'none'}, {baseCwd: dir}))).toBe('forbidden')
    expect(resolveRunOptions({}, {prompt: 'p', isolation: 'worktree'}, {baseCwd: dir}).isolation).toBe('worktree')
  })
  it('refuses a thread id that is not one before anything else', () => {
    expect(kindOf(() => resolveRunOptions({}, {prompt: 'p', resumeThreadId: '--last'}, {baseCwd: dir}))).toBe('invalid-input')
    expect(kindOf(() => resolveRunOptions({allowPerCallProfile: false}, {prompt: 'p', profile: 'x'}, {baseCwd: dir}))).toBe('forbidden')
  })
})
