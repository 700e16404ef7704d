import {execa} from 'execa'
import {cp, mkdtemp, readFile, rm, symlink, copyFile} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import path from 'node:path'
import {describe, expect, it} from 'vitest'

import {currentBlock, performanceBlock} from '../bench/readme.js'
import {repoRoot} from './support/cli.js'

const oclifBin = path.join(repoRoot, 'node_modules/oclif/bin/run.js')

describe('generated files are up to date (run `npm run docs`)', () => {
  it('oclif.manifest.json matches the commands', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'codex-mcp-manifest-'))
    try {
      await copyFile(path.join(repoRoot, 'package.json'), path.join(dir, 'package.json'))
      await cp(path.join(repoRoot, 'dist'), path.join(dir, 'dist'), {recursive: true})
      await symlink(path.join(repoRoot, 'node_modules'), path.join(dir, 'node_modules'))
      await execa(process.execPath, [oclifBin, 'manifest', dir], {cwd: dir})
      const fresh = JSON.parse(await readFile(path.join(dir, 'oclif.manifest.json'), 'utf8'))
      const committed = JSON.parse(await readFile(path.join(repoRoot, 'oclif.manifest.json'), 'utf8'))
      expect(committed).toEqual(fresh)
    } finally {
      await rm(dir, {recursive: true, force: true})
    }
  })

  it('README command reference matches `oclif readme`', async () => {
    // oclif readme wraps help at $COLUMNS (else 120): the committed reference is made at 120, whatever the terminal.
    const {stdout} = await execa(process.execPath, [oclifBin, 'readme', '--no-aliases', '--no-source-links', '--dry-run'], {cwd: repoRoot, env: {COLUMNS: '120'}})
    const committed = await readFile(path.join(repoRoot, 'README.md'), 'utf8')
    const section = (text: string) => text.slice(text.indexOf('<!-- commands -->\n'), text.indexOf('<!-- commandsstop -->'))
    expect(section(committed)).toEqual(section(stdout))
  })

  it('README Configuration and Tools tables match the settings table and the tool definitions', async () => {
    const script = path.join(repoRoot, 'scripts/readme-tables.mjs')
    const {withGeneratedSections} = await import(script)
    const committed = await readFile(path.join(repoRoot, 'README.md'), 'utf8')
    expect(committed).toEqual(await withGeneratedSections(committed))
  })
})

describe('README Performance', () => {
  it('shows exactly the figures of bench/results.json (a full `npm run bench` regenerates both)', async () => {
    const results = JSON.parse(await readFile(path.join(repoRoot, 'bench/results.json'), 'utf8'))
    const readme = await readFile(path.join(repoRoot, 'README.md'), 'utf8')
    expect(currentBlock(readme), 'run `npx tsx bench/readme.ts`').toBe(performanceBlock(results))
  })

  it('has no figure outside the generated block (a number there would not come from a run)', async () => {
    const readme = await readFile(path.join(repoRoot, 'README.md'), 'utf8')
    const section = readme.slice(readme.indexOf('## Performance\n'), readme.indexOf('## Development\n'))
    const outside = section.replace(currentBlock(readme) ?? '', '')
    expect(outside.match(/\b\d+(\.\d+)?\s?(ms|s|MB|kB|×|%)(?!\w)/g) ?? []).toEqual([])
  })
})
