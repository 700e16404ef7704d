import {mkdtemp, rm, writeFile} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import path from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {blockingBudgetMs, codexDefaultToolTimeoutSec, detectClientDeadline} from '../../../src/mcp/client-deadline.js'

let home: string
const noParent = 999_999_999 // no such process: Codex's config is found from the given environment
const codex = (version = '0.169.0') => ({name: 'codex-mcp-client', version})
const entry = (name: string, script: string, extra = '') => `[mcp_servers.${name}]\ncommand = "node"\nargs = ["${script}", "serve"]\n${extra}\n`

beforeAll(async () => {
  home = await mkdtemp(path.join(tmpdir(), 'codex-mcp-deadline-'))
})
afterAll(() => rm(home, {recursive: true, force: true}))

describe('detectClientDeadline', () => {
  it('Codex: tool_timeout_sec of the entry that runs this very script, from Codex\'s config', async () => {
    await writeFile(path.join(home, 'config.toml'), entry('other', '/elsewhere/bin/run.js', 'tool_timeout_sec = 3') + entry('mine', '/here/bin/run.js', 'tool_timeout_sec = 42'))
    const found = detectClientDeadline(codex(), {CODEX_HOME: home}, {ppid: noParent, script: '/here/bin/run.js'})
    expect(found).toMatchObject({client: 'codex', deadlineMs: 42_000})
    expect(found.source).toContain('tool_timeout_sec = 42 of [mcp_servers.mine]')
  })

  it('Codex: the smallest when it cannot tell which entry; the version default when none sets it', async () => {
    await writeFile(path.join(home, 'config.toml'), entry('a', '/a/bin/run.js', 'tool_timeout_sec = 90') + entry('b', '/b/bin/run.js'))
    expect(detectClientDeadline(codex('0.169.0'), {CODEX_HOME: home}, {ppid: noParent, script: '/c/x.js'}).deadlineMs).toBe(90_000)
    expect(detectClientDeadline(codex('0.120.0'), {CODEX_HOME: home}, {ppid: noParent, script: '/c/x.js'}).deadlineMs).toBe(60_000)
  })

  it('Codex defaults: 300 s from 0.169 (measured), 60 s for older or unknown versions', () => {
    expect(codexDefaultToolTimeoutSec('0.169.0')).toBe(300)
    expect(codexDefaultToolTimeoutSec('0.92.0')).toBe(60)
    expect(codexDefaultToolTimeoutSec(undefined)).toBe(60)
  })

  it('Claude Code: MCP_TOOL_TIMEOUT from the environment it passes on; none means no fixed limit', () => {
    expect(detectClientDeadline({name: 'claude-code'}, {MCP_TOOL_TIMEOUT: '5000'})).toMatchObject({client: 'claude-code', deadlineMs: 5000})
    expect(detectClientDeadline({name: 'claude-code'}, {}).deadlineMs).toBeUndefined()
    expect(detectClientDeadline({name: 'claude-code'}, {MCP_TOOL_TIMEOUT: 'soon'}).deadlineMs).toBeUndefined()
  })

  it('another client: no known limit', () => {
    const found = detectClientDeadline({name: 'cursor'}, {})
    expect(found.client).toBe('other')
    expect(found.deadlineMs).toBeUndefined()
  })
})

describe('blockingBudgetMs', () => {
  it('answers a margin before the deadline, or earlier when configured or asked', () => {
    expect(blockingBudgetMs({client: 'codex', deadlineMs: 300_000, source: ''})).toBe(290_000)
    expect(blockingBudgetMs({client: 'codex', deadlineMs: 6000, source: ''})).toBe(4000)
    expect(blockingBudgetMs({client: 'codex', deadlineMs: 6000, source: ''}, 1000)).toBe(1000)
    expect(blockingBudgetMs({client: 'claude-code', source: ''})).toBeUndefined()
    expect(blockingBudgetMs({client: 'other', source: ''}, undefined, 30_000)).toBe(30_000)
  })
})
