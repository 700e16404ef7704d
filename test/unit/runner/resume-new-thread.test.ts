import {mkdtemp, rm} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import path from 'node:path'
import {describe, expect, it} from 'vitest'

import {runAgent} from '../../../src/runner/engines/index.js'
import {resolveRunOptions} from '../../../src/runner/run-options.js'
import {repoRoot} from '../../support/cli.js'

describe('resuming a thread', () => {
  it('stops a Codex that answers an unknown thread id with a new thread (0.47, 0.100)', async () => {
    const cwd = await mkdtemp(path.join(tmpdir(), 'codex-mcp-resume-'))
    const codexPath = path.join(repoRoot, 'test/fixtures/fake-codex/codex-resume-new-thread')
    const options = resolveRunOptions({codexPath, engine: 'exec'}, {prompt: 'go on', resumeThreadId: '01a2134a-0000-7000-8000-000000000000'}, {baseCwd: cwd})
    try {
      await expect(runAgent(options)).rejects.toMatchObject({kind: 'unknown-thread', shortMessage: expect.stringContaining('01a2134a-0000-7000-8000-000000000000')})
    } finally {
      await rm(cwd, {recursive: true, force: true})
    }
  })
})
