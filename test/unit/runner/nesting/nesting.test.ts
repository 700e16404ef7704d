import {spawn} from 'node:child_process'
import {mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import path from 'node:path'
import {afterAll, describe, expect, it} from 'vitest'

import {parseAgentMcpServers} from '../../../../src/config/settings-table.js'
import {CodexMcpError} from '../../../../src/errors.js'
import {agentMcpServerOverrides} from '../../../../src/runner/nesting/agent-mcp-servers.js'
import {pruneBudgets, TreeBudget} from '../../../../src/runner/nesting/budget.js'
import {inheritedTree, serializeTreeMarker, TREE_ENV, type TreeMarker} from '../../../../src/runner/nesting/marker.js'
import {checkDepth, narrowRoots, treePosition} from '../../../../src/runner/nesting/tree.js'
import {resolveRunOptions} from '../../../../src/runner/run-options.js'

const scratch = mkdtempSync(path.join(tmpdir(), 'codex-mcp-nesting-'))
afterAll(() => rmSync(scratch, {recursive: true, force: true}))

const marker = (over: Partial<TreeMarker> = {}): TreeMarker => ({
  v: 1,
  depth: 1,
  root: 'r1',
  maxDepth: 3,
  maxConcurrency: 2,
  sandboxCeiling: 'workspace-write',
  allowedRoots: [scratch],
  ...over,
})
const nested = (over: Partial<TreeMarker> = {}) => ({state: 'nested' as const, marker: marker(over), from: 'env' as const})

function refusal(run: () => unknown): CodexMcpError {
  try {
    run()
  } catch (error) {
    return error as CodexMcpError
  }
  throw new Error('expected a refusal')
}

describe('tree position', () => {
  it('a root starts depth-1 agents with its own maxDepth (default 1) and limits in the marker', () => {
    const position = treePosition({}, scratch, {state: 'root'})
    expect(position.depth).toBe(1)
    expect(position.maxDepth).toBe(1)
    expect(position.childMarker).toMatchObject({depth: 1, maxDepth: 1, sandboxCeiling: 'danger-full-access', allowedRoots: [scratch]})
    expect(position.childMarker.budgetDir).toBeUndefined() // no nesting, no budget
    expect(treePosition({maxDepth: 3}, scratch, {state: 'root'}, (root) => `/state/trees/${root}`).childMarker.budgetDir).toMatch(/^\/state\/trees\//)
  })

  it('a nested server past maxDepth refuses with forbidden, naming maxDepth and the flag', () => {
    const error = refusal(() => checkDepth(treePosition({}, scratch, nested({maxDepth: 1}))))
    expect(error.kind).toBe('forbidden')
    expect(error.message).toContain('maxDepth 1')
    expect(error.fix).toContain('--max-depth 2')
    expect(() => checkDepth(treePosition({}, scratch, nested({maxDepth: 2})))).not.toThrow()
  })

  it('a nested server may narrow, never widen: sandbox, ceiling, roots and maxDepth', () => {
    const inside = path.join(scratch, 'sub')
    const position = treePosition({sandbox: 'danger-full-access', sandboxCeiling: 'danger-full-access', allowedRoots: [inside, '/elsewhere'], maxDepth: 9}, scratch, nested())
    expect(position.config).toMatchObject({sandbox: 'workspace-write', sandboxCeiling: 'workspace-write', allowedRoots: [inside]})
    expect(position.maxDepth).toBe(3)
    expect(position.childMarker).toMatchObject({depth: 2, sandboxCeiling: 'workspace-write', allowedRoots: [inside], root: 'r1'})
    expect(treePosition({sandbox: 'read-only'}, scratch, nested()).config.sandbox).toBe('read-only')
    // Own roots all outside: the inherited ones.
    expect(treePosition({allowedRoots: ['/elsewhere']}, scratch, nested()).config.allowedRoots).toEqual([scratch])
    expect(narrowRoots(['/'], [scratch])).toEqual([scratch])
  })

  it('an unreadable marker refuses every agent, it is never taken for a root', () => {
    expect(inheritedTree({[TREE_ENV]: '{"v":1,"depth":"x"}'})).toEqual({state: 'unreadable', from: 'env'})
    expect(refusal(() => treePosition({}, scratch, {state: 'unreadable', from: 'env'})).kind).toBe('forbidden')
    expect(inheritedTree({[TREE_ENV]: serializeTreeMarker(marker())})).toMatchObject({state: 'nested', marker: {depth: 1}})
  })

  it('resolveRunOptions marks the agent, applies the inherited limits and refuses past maxDepth', () => {
    const env = {PATH: '/usr/bin', CODEX_HOME: path.join(scratch, 'no-codex-home'), [TREE_ENV]: serializeTreeMarker(marker())}
    const options = resolveRunOptions({}, {prompt: 'hi'}, {baseCwd: scratch, baseEnv: env})
    expect(JSON.parse(options.env[TREE_ENV])).toMatchObject({depth: 2, root: 'r1'})
    expect(options.sandbox).toBe('workspace-write')
    expect(refusal(() => resolveRunOptions({}, {prompt: 'hi', sandbox: 'danger-full-access'}, {baseCwd: scratch, baseEnv: env})).kind).toBe('forbidden')
    // A nested server's own working directory is checked too, not only a cwd the call names.
    expect(refusal(() => resolveRunOptions({}, {prompt: 'hi'}, {baseCwd: '/', baseEnv: env})).kind).toBe('forbidden')
    const deep = {...env, [TREE_ENV]: serializeTreeMarker(marker({depth: 3}))}
    expect(refusal(() => resolveRunOptions({}, {prompt: 'hi'}, {baseCwd: scratch, baseEnv: deep})).message).toContain('maxDepth 3')
    // config.env cannot forge the marker.
    const forged = resolveRunOptions({env: {[TREE_ENV]: serializeTreeMarker(marker({maxDepth: 10}))}}, {prompt: 'hi'}, {baseCwd: scratch, baseEnv: env})
    expect(JSON.parse(forged.env[TREE_ENV]).maxDepth).toBe(3)
  })
})

describe('agentMcpServers', () => {
  const home = path.join(scratch, 'codex-home')
  const write = () => {
    mkdirSync(home, {recursive: true})
    writeFileSync(
      path.join(home, 'config.toml'),
      `[mcp_servers.docs]\ncommand = "docs-mcp"\n[mcp_servers.subagents]\ncommand = "npx"\nargs = ["-y", "codex-mcp@latest", "serve"]\n[mcp_servers.off]\ncommand = "x"\nenabled = false\n`,
    )
  }
  const env = () => (write(), {CODEX_HOME: home})

  it('turns codex-mcp\'s own entries off for an agent at maxDepth, and marks them when it may go deeper', () => {
    expect(agentMcpServerOverrides({}, env(), undefined, marker({depth: 1, maxDepth: 1}))).toEqual({'mcp_servers.subagents.enabled': false})
    const deeper = agentMcpServerOverrides({}, env(), undefined, marker({depth: 1, maxDepth: 2}))
    expect(Object.keys(deeper)).toEqual([`mcp_servers.subagents.env.${TREE_ENV}`])
    expect(JSON.parse(deeper[`mcp_servers.subagents.env.${TREE_ENV}`] as string)).toMatchObject({depth: 1})
  })

  it('"none" and a list choose among the others; codex-mcp stays off at maxDepth even when listed', () => {
    expect(agentMcpServerOverrides({agentMcpServers: 'none'}, env(), undefined, marker({maxDepth: 1}))).toEqual({
      'mcp_servers.docs.enabled': false,
      'mcp_servers.subagents.enabled': false,
    })
    expect(agentMcpServerOverrides({agentMcpServers: ['docs', 'subagents']}, env(), undefined, marker({maxDepth: 1}))).toEqual({'mcp_servers.subagents.enabled': false})
  })

  it('--agent-mcp-servers parses inherit, none and a comma list', () => {
    expect(parseAgentMcpServers('none')).toBe('none')
    expect(parseAgentMcpServers(' docs, github ')).toEqual(['docs', 'github'])
    expect(() => parseAgentMcpServers(' , ')).toThrow(/empty/)
  })
})

describe('tree budget', () => {
  it('counts slots across processes: a nested budget is refused at once when the tree is full, a root waits', async () => {
    const dir = path.join(scratch, 'trees', 'b1')
    const root = new TreeBudget(dir, 2, true)
    const nestedBudget = new TreeBudget(dir, 2, false)
    const first = await root.acquire()
    const second = await nestedBudget.acquire()
    expect(root.inUse()).toBe(2)
    const error = (await nestedBudget.acquire().catch((e) => e)) as CodexMcpError
    expect(error.kind).toBe('forbidden')
    expect(error.message).toContain('2 agent slots')
    const waiting = root.acquire()
    second()
    const third = await waiting
    first()
    third()
    expect(root.inUse()).toBe(0)
  })

  it('a slot whose holder died (SIGKILL) is free again; a dead root\'s directory is pruned', async () => {
    const state = path.join(scratch, 'state')
    const dir = path.join(state, 'trees', 'b2')
    const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'])
    await new Promise((resolve) => child.once('spawn', resolve))
    mkdirSync(dir, {recursive: true})
    for (const name of ['slot-0', 'root']) writeFileSync(path.join(dir, name), JSON.stringify({pid: child.pid, identity: null}))
    const nestedBudget = new TreeBudget(dir, 1, false)
    await expect(nestedBudget.acquire()).rejects.toThrow(/in use/)
    child.kill('SIGKILL')
    await new Promise((resolve) => child.once('exit', resolve))
    const release = await nestedBudget.acquire()
    release()
    pruneBudgets(state)
    expect(readdirSync(path.join(state, 'trees'))).toEqual([])
  })
})
