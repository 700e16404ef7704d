import {mkdir, mkdtemp, rm, writeFile} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import path from 'node:path'
import {afterEach} from 'vitest'

import {repoRoot} from '../../support/cli.js'

export const fakeCodex = (name: 'codex-0.40.0' | 'codex-garbage' | 'codex-exit-1') => path.join(repoRoot, 'test/fixtures/fake-codex', name)

const made: string[] = []
afterEach(async () => {
  await Promise.all(made.splice(0).map((dir) => rm(dir, {recursive: true, force: true})))
})

/** A temporary directory built from an object literal: `{'config.toml': '…', 'a/b.txt': '…'}`. Removed after each test. */
export async function tempTree(files: Record<string, string> = {}): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'codex-mcp-doctor-'))
  made.push(dir)
  for (const [name, content] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, name)), {recursive: true})
    await writeFile(path.join(dir, name), content)
  }
  return dir
}

/**
 * A minimal environment for a context: nothing from the real HOME or CODEX_HOME. Creates `<home>/.codex`
 * (Codex refuses to start when CODEX_HOME does not exist).
 */
export async function isolatedEnv(home: string, extra: Record<string, string | undefined> = {}): Promise<Record<string, string | undefined>> {
  await mkdir(path.join(home, '.codex'), {recursive: true})
  return {PATH: process.env.PATH, HOME: home, CODEX_HOME: path.join(home, '.codex'), ...extra}
}
