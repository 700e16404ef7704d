import {mkdirSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import path from 'node:path'
import {afterAll, describe, expect, it} from 'vitest'

import {loadConfig, mayHaveConfig} from '../../../src/config/load-config.js'

const root = mkdtempSync(path.join(tmpdir(), 'codex-mcp-may-have-config-'))
afterAll(() => rmSync(root, {recursive: true, force: true}))

// The shortcut that skips cosmiconfig must never skip a config cosmiconfig would find.
describe('mayHaveConfig', () => {
  it('is false where no directory up the tree holds a config, and the search then finds none', async () => {
    const deep = path.join(root, 'none', 'a', 'b')
    mkdirSync(deep, {recursive: true})
    writeFileSync(path.join(root, 'none', 'package.json'), '{"name": "unrelated"}')
    // Only meaningful when nothing above the temp dir has a config either (as on a clean machine).
    if (mayHaveConfig(path.dirname(root))) return
    expect(mayHaveConfig(deep)).toBe(false)
    expect(await loadConfig({searchFrom: deep})).toEqual({config: {}, filepath: undefined})
  })

  it('is true for an rc file, or a package.json naming codex-mcp, in a directory above', async () => {
    const rc = path.join(root, 'rc', 'sub')
    mkdirSync(rc, {recursive: true})
    writeFileSync(path.join(root, 'rc', '.codex-mcprc.json'), '{"model": "from-rc"}')
    expect(mayHaveConfig(rc)).toBe(true)
    expect((await loadConfig({searchFrom: rc})).config.model).toBe('from-rc')

    const pkg = path.join(root, 'pkg', 'sub')
    mkdirSync(pkg, {recursive: true})
    writeFileSync(path.join(root, 'pkg', 'package.json'), '{"name": "x", "codex-mcp": {"model": "from-package"}}')
    expect(mayHaveConfig(pkg)).toBe(true)
    expect((await loadConfig({searchFrom: pkg})).config.model).toBe('from-package')
  })
})
