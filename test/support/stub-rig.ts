import {mkdtemp, rm} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import path from 'node:path'
import {afterAll, beforeAll} from 'vitest'

import {type CodexHome, createCodexHome} from './codex-home.js'
import {type StubProvider, startStubProvider} from './stub-provider.js'

export interface StubRig {
  stub: StubProvider
  /** A CODEX_HOME whose provider is the stub. */
  home: CodexHome
  /** A scratch directory for the file's tests. */
  work: string
}

/** For one test file: the stub provider, a CODEX_HOME on it and a scratch directory, torn down after. */
export function useStubRig(name: string): StubRig {
  const rig = {} as StubRig
  beforeAll(async () => {
    rig.stub = await startStubProvider()
    rig.home = await createCodexHome(rig.stub.url)
    rig.work = await mkdtemp(path.join(tmpdir(), `codex-mcp-${name}-`))
  })
  afterAll(async () => {
    await rig.stub.close()
    await rig.home.cleanup()
    await rm(rig.work, {recursive: true, force: true})
  })
  return rig
}
