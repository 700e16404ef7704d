import {mkdtempSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import path from 'node:path'
import {afterAll, describe, expect, it} from 'vitest'

import {OutputStore} from '../../../src/mcp/output-store.js'
import type {AgentOutcome} from '../../../src/runner/agent-outcome.js'

const root = mkdtempSync(path.join(tmpdir(), 'codex-mcp-output-store-'))
afterAll(() => rmSync(root, {recursive: true, force: true}))

const outcome = (output: string): AgentOutcome => ({status: 'succeeded', output, durationMs: 1})

describe('OutputStore', () => {
  it('writes a keyed output once: showing the same finished job again costs what it returns, not a rewrite', () => {
    const dir = path.join(root, 'once')
    const store = new OutputStore(dir, 60_000)
    const text = 'x'.repeat(50_000)
    const first = store.bound(outcome(text), 1000, 'job-a-0')
    const file = first.fullOutput!.path!
    const past = new Date(Math.floor(Date.now() / 1000) * 1000 - 10_000)
    utimesSync(file, past, past)
    const second = store.bound(outcome(text), 1000, 'job-a-0')
    expect(second.output).toBe(first.output)
    expect(Math.round(statSync(file).mtimeMs)).toBe(past.getTime())
    expect(readFileSync(file, 'utf8')).toBe(text)
  })

  it('writes the file again when it is gone, or when the text under the key changed', () => {
    const dir = path.join(root, 'again')
    const store = new OutputStore(dir, 60_000)
    const file = store.bound(outcome('a'.repeat(5000)), 1000, 'job-b-0').fullOutput!.path!
    rmSync(file)
    store.bound(outcome('a'.repeat(5000)), 1000, 'job-b-0')
    expect(readFileSync(file, 'utf8')).toBe('a'.repeat(5000))
    store.bound(outcome('b'.repeat(6000)), 1000, 'job-b-0')
    expect(readFileSync(file, 'utf8')).toBe('b'.repeat(6000))
  })

  it('forgets outputs older than finished jobs are kept, when it first saves one (not when the server starts)', () => {
    const dir = path.join(root, 'tidy')
    new OutputStore(dir, 60_000) // makes the dir
    const old = path.join(dir, 'old.txt')
    writeFileSync(old, 'old')
    const past = new Date(Date.now() - 120_000)
    utimesSync(old, past, past)
    const store = new OutputStore(dir, 60_000)
    expect(statSync(old).isFile()).toBe(true)
    store.bound(outcome('c'.repeat(5000)), 1000, 'job-c-0')
    expect(() => statSync(old)).toThrow()
  })
})
