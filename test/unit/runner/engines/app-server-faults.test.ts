import {mkdtemp, rm} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import path from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {killAllAgents, runAgent} from '../../../../src/runner/engines/index.js'
import {resolveRunOptions} from '../../../../src/runner/run-options.js'
import {repoRoot} from '../../../support/cli.js'

/** App-server behaviour the real Codex shows only now and then, or never on cue: fake Codex binaries that show it. */
describe('the app-server engine against app-servers that misbehave (fake Codex)', () => {
  let cwd: string
  beforeAll(async () => {
    cwd = await mkdtemp(path.join(tmpdir(), 'codex-mcp-app-server-faults-'))
  })
  afterAll(async () => {
    await killAllAgents()
    await rm(cwd, {recursive: true, force: true})
  })
  const run = (fake: string, options: {timeoutMs?: number; env?: Record<string, string>} = {}) =>
    runAgent(
      resolveRunOptions({codexPath: path.join(repoRoot, 'test/fixtures/fake-codex', fake), engine: 'app-server', timeoutMs: options.timeoutMs ?? 30_000}, {prompt: 'hi'}, {
        baseCwd: cwd,
        baseEnv: {PATH: process.env.PATH, ...options.env},
      }),
    )

  it('takes only its own turn: an earlier turn that ends after turn/start is sent (a rejoined thread) is not its result', async () => {
    expect((await run('codex-app-server-late-turn')).output).toBe('from the new turn')
  })

  describe('a request app-server never answers', () => {
    it('turn/start: the agent still ends at its timeout, with the timeout error', async () => {
      await expect(run('codex-app-server-silent', {timeoutMs: 1000, env: {FAKE_SILENT: 'turn/start'}})).rejects.toMatchObject({kind: 'timeout'})
    })

    it('thread/archive (handing the thread back): the agent still answers with its result', async () => {
      expect((await run('codex-app-server-silent', {env: {FAKE_SILENT: 'thread/archive'}})).output).toBe('answered')
    })
  })
})
