/**
 * The layers, checked over every import in src/ (static, `import type` and `import()` alike), so a shortcut
 * through a layer fails here rather than in the next maintainer's head:
 *   commands → cli → mcp / parallel / doctor → jobs / workspaces → runner → hosts → state / config / errors
 */
import {readdirSync, readFileSync} from 'node:fs'
import path from 'node:path'
import {fileURLToPath} from 'node:url'
import {describe, expect, it} from 'vitest'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')
const src = path.join(root, 'src')

interface Import {
  /** The importing file, e.g. src/runner/run-agent.ts. */
  from: string
  /** The specifier as written. */
  specifier: string
  /** A file under src/ (e.g. src/jobs/job-store.ts), or the package name. */
  target: string
  /** Only types (erased at build): `import type …` or `export type … from`. */
  typeOnly: boolean
  /** `import('…')`: loaded when the code runs, not when the module loads. */
  dynamic: boolean
  /** What it binds, as written between the braces. */
  names: string
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, {withFileTypes: true}).flatMap((entry) => {
    const full = path.join(dir, entry.name)
    if (entry.isDirectory()) return filesUnder(full)
    return entry.name.endsWith('.ts') ? [full] : []
  })
}

const rel = (file: string) => path.relative(root, file).split(path.sep).join('/')

function importsOf(file: string): Import[] {
  const text = readFileSync(file, 'utf8')
  const found: Import[] = []
  const add = (specifier: string, typeOnly: boolean, dynamic: boolean, names = '') => {
    const target = specifier.startsWith('.') ? rel(path.resolve(path.dirname(file), specifier)).replace(/\.js$/, '.ts') : specifier
    found.push({from: rel(file), specifier, target, typeOnly, dynamic, names})
  }
  for (const match of text.matchAll(/^(import|export)\s+(type\s+)?([^'"]*?)\s*from\s+['"]([^'"]+)['"]/gms)) {
    const names = match[3]
    // `import {type A, type B} from` is type-only too.
    const typeOnly = Boolean(match[2]) || (/^\{[^}]*\}$/s.test(names.trim()) && names.replace(/[{}\s]/g, '').split(',').filter(Boolean).every((name) => name.startsWith('type')))
    add(match[4], typeOnly, false, names)
  }
  for (const match of text.matchAll(/^import\s+['"]([^'"]+)['"]/gm)) add(match[1], false, false)
  for (const match of text.matchAll(/\bimport\(\s*['"]([^'"]+)['"]\s*\)/g)) add(match[1], false, true)
  return found
}

const files = filesUnder(src)
const imports = files.flatMap(importsOf)
const under = (file: string, ...dirs: string[]) => dirs.some((dir) => file === `${dir}.ts` || file.startsWith(`${dir}/`))
const show = (list: Import[]) => list.map((i) => `${i.from} imports ${i.specifier}`)

describe('layers', () => {
  it('finds the imports it checks', () => {
    expect(files.length).toBeGreaterThan(100)
    expect(imports.some((i) => i.from === 'src/runner/agent-outcome.ts' && i.target === 'src/runner/workspace-info.ts')).toBe(true)
  })

  it('the runner imports nothing above it (workspaces, mcp, jobs, parallel, cli, commands)', () => {
    const up = imports.filter((i) => under(i.from, 'src/runner') && under(i.target, 'src/workspaces', 'src/mcp', 'src/jobs', 'src/parallel', 'src/cli', 'src/commands'))
    expect(show(up)).toEqual([])
  })

  // Hosts (issue 22): the runner's app-server engine places agents on hosts, so src/hosts sits below the runner,
  // on errors and config alone (its config schema is src/config/hosts.ts, which the settings table loads).
  it('src/hosts imports nothing but errors and config (the runner uses it)', () => {
    const up = imports.filter((i) => under(i.from, 'src/hosts') && i.target.startsWith('src/') && !under(i.target, 'src/hosts', 'src/errors', 'src/config'))
    expect(show(up)).toEqual([])
  })

  it('doctor imports nothing from the command line (src/cli)', () => {
    expect(show(imports.filter((i) => under(i.from, 'src/doctor') && under(i.target, 'src/cli', 'src/commands')))).toEqual([])
  })

  it('the state dir and private writer come from src/state, below jobs, workspaces, outputs and doctor', () => {
    const stateNames = /\b(defaultStateDir|stateLayout|stateDirProblem|stateDirFix|ensurePrivateDir|writePrivateFile)\b/
    const elsewhere = imports.filter((i) => stateNames.test(i.names) && !under(i.target, 'src/state'))
    expect(show(elsewhere)).toEqual([])
    // src/state is the bottom: it imports no other part of codex-mcp.
    expect(show(imports.filter((i) => under(i.from, 'src/state') && i.target.startsWith('src/') && !under(i.target, 'src/state')))).toEqual([])
  })

  // Waits for the merge of the 'data' branch, which moves src/mcp/call-router.ts onto the SDK's public API.
  it('nothing reaches into the MCP SDK\'s private fields', () => {
    const reaching = files.filter((file) => /\b_requestHandlers\b|\b_registeredTools\b/.test(readFileSync(file, 'utf8'))).map(rel)
    expect(reaching).toEqual([])
  })

  it('loading the command set loads no library: commands import theirs inside run()', () => {
    // Everything that loads with src/commands.ts (oclif loads it for every command, and for --help): static,
    // non-type imports, followed through src/.
    const loaded = new Set<string>()
    const byFile = new Map<string, Import[]>()
    for (const i of imports) byFile.set(i.from, [...(byFile.get(i.from) ?? []), i])
    const visit = (file: string) => {
      if (loaded.has(file)) return
      loaded.add(file)
      for (const i of byFile.get(file) ?? []) if (!i.typeOnly && !i.dynamic) i.target.startsWith('src/') ? visit(i.target) : loaded.add(i.target)
    }
    visit('src/commands.ts')
    const allowed = (target: string) =>
      under(target, 'src/commands', 'src/cli/base-command', 'src/cli/flags', 'src/cli/usage-error', 'src/cli/duration', 'src/config/schema', 'src/config/duration', 'src/errors') ||
      // The settings table is what the flags are made from: light by rule (its own header says so), no library;
      // src/config/hosts.ts is its hosts rows' schema (zod only).
      under(target, 'src/config/settings-table', 'src/config/values', 'src/config/env-flags', 'src/config/hosts') ||
      target.startsWith('node:') ||
      target === 'src/commands.ts' ||
      target === '@oclif/core' ||
      target === 'zod'
    expect([...loaded].filter((target) => !allowed(target))).toEqual([])
  })
})
