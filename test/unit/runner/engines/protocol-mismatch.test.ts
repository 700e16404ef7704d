import {mkdtemp, rm} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import path from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {killAllAgents, runAgent, setEngineLog} from '../../../../src/runner/engines/index.js'
import {resolveRunOptions} from '../../../../src/runner/run-options.js'
import {repoRoot} from '../../../support/cli.js'

// A fake Codex: its app-server answers turn/completed in a shape the engine's schemas reject; its exec works.
const codexPath = path.join(repoRoot, 'test/fixtures/fake-codex/codex-app-server-mismatch')

describe('an app-server whose messages stop matching (a fake Codex)', () => {
  let cwd: string
  const notes: string[] = []
  beforeAll(async () => {
    cwd = await mkdtemp(path.join(tmpdir(), 'codex-mcp-mismatch-'))
    setEngineLog((_level, message) => notes.push(message))
  })
  afterAll(async () => {
    setEngineLog(undefined)
    await killAllAgents()
    await rm(cwd, {recursive: true, force: true})
  })
  const options = (engine: 'auto' | 'app-server', env: Record<string, string> = {}) =>
    resolveRunOptions({codexPath, engine, timeoutMs: 30_000}, {prompt: 'hi'}, {baseCwd: cwd, baseEnv: {PATH: process.env.PATH, ...env}})

  it('fails that agent (retryable, naming the version and the mismatch), never hangs; later agents run on exec', async () => {
    await expect(runAgent(options('auto'))).rejects.toMatchObject({
      kind: 'protocol-mismatch',
      retryable: true,
      shortMessage: expect.stringMatching(/Codex 0\.172\.0 sent a turn\/completed notification .*turn\.status/),
    })
    expect(notes.filter((note) => note.includes('newer than the newest release'))).toHaveLength(1)
    const next = await runAgent(options('auto'))
    expect(next.output).toBe('done on exec')
    const explicit = await runAgent(options('app-server'))
    expect(explicit.output).toBe('done on exec')
    expect(notes.filter((note) => note.includes('run on the exec engine'))).toHaveLength(1)
  })

  it('a Codex whose app-server does not answer initialize: explicit app-server says so (invalid-config); auto runs exec', async () => {
    const broken = path.join(repoRoot, 'test/fixtures/fake-codex/codex-exit-1')
    const run = (engine: 'auto' | 'app-server') => runAgent(resolveRunOptions({codexPath: broken, engine}, {prompt: 'hi'}, {baseCwd: cwd, baseEnv: {PATH: process.env.PATH}}))
    await expect(run('app-server')).rejects.toMatchObject({kind: 'invalid-config', shortMessage: expect.stringContaining('did not answer initialize')})
    await expect(run('auto')).rejects.toMatchObject({kind: 'exit-nonzero', shortMessage: expect.stringContaining('libssl')})
  })

  it('explicit app-server on a Codex older than the engine supports is invalid-config with a fix; auto runs exec', async () => {
    const old = {FAKE_CODEX_VERSION: '0.168.0'}
    await expect(runAgent(options('app-server', old))).rejects.toMatchObject({kind: 'invalid-config', shortMessage: expect.stringContaining('0.168.0'), fix: expect.stringContaining('auto')})
    expect((await runAgent(options('auto', old))).output).toBe('done on exec')
  })
})
