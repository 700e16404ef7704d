import {execa} from 'execa'
import {copyFile, mkdir, mkdtemp, rm, symlink} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import path from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {cliEnv, codexWrapper, repoRoot} from '../support/cli.js'
import {useStubRig} from '../support/stub-rig.js'

const rig = useStubRig('install')
let scratch: string
let prefix: string
let tarball: string

/**
 * The tarball `npm pack` makes, laid out as `npm install -g --prefix <prefix>` lays it out:
 * <prefix>/lib/node_modules/codex-mcp and <prefix>/bin/codex-mcp → its bin/run.js. Its dependencies come from
 * npm's cache through the lockfile (`npm ci --offline`): a test has no registry to resolve versions against.
 */
async function installPacked(): Promise<void> {
  scratch = await mkdtemp(path.join(tmpdir(), 'codex-mcp-install-'))
  const {stdout} = await execa('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', scratch], {cwd: repoRoot})
  tarball = path.join(scratch, JSON.parse(stdout)[0].filename)
  prefix = path.join(scratch, 'prefix')
  const pkg = path.join(prefix, 'lib/node_modules/codex-mcp')
  await mkdir(pkg, {recursive: true})
  await mkdir(path.join(prefix, 'bin'))
  await execa('tar', ['xzf', tarball, '-C', pkg, '--strip-components=1'])
  await copyFile(path.join(repoRoot, 'package-lock.json'), path.join(pkg, 'package-lock.json'))
  await execa('npm', ['ci', '--omit=dev', '--offline', '--ignore-scripts', '--no-audit', '--no-fund'], {cwd: pkg})
  await symlink('../lib/node_modules/codex-mcp/bin/run.js', path.join(prefix, 'bin/codex-mcp'))
}

/** `codex-mcp …` found on PATH in the install prefix, with the test's Codex and CODEX_HOME. */
const installed = (args: string[]) =>
  execa('codex-mcp', args, {
    reject: false,
    extendEnv: false,
    cwd: rig.work,
    env: cliEnv({...rig.home.env, PATH: `${path.join(prefix, 'bin')}${path.delimiter}${process.env.PATH}`, CODEX_MCP_CODEX_PATH: codexWrapper}),
    timeout: 120_000,
  })

describe('the packed package, installed into a prefix', () => {
  beforeAll(installPacked, 300_000)
  afterAll(async () => {
    if (scratch) await rm(scratch, {recursive: true, force: true})
  })

  it('ships what a user runs, and nothing a user cannot', async () => {
    const {stdout} = await execa('tar', ['tzf', tarball])
    const files = stdout.split('\n')
    expect(files).toContain('package/LICENSE')
    expect(files).toContain('package/bin/run.js')
    expect(files).not.toContain('package/bin/dev.js')
    expect(files.filter((file) => file.endsWith('.map'))).toEqual([])
    expect(files.filter((file) => file.includes('/src/'))).toEqual([])
  })

  it('answers --help', async () => {
    const result = await installed(['--help'])
    expect(result.exitCode, String(result.stderr)).toBe(0)
    for (const command of ['spawn', 'parallel', 'serve', 'doctor']) expect(result.stdout).toMatch(new RegExp(`^  ${command}\\s`, 'm'))
  })

  it('runs doctor', async () => {
    const result = await installed(['doctor', '--json'])
    const report = JSON.parse(String(result.stdout))
    const binary = report.checks.find((check: {id: string}) => check.id === 'codex-binary')
    expect(binary, String(result.stdout)).toMatchObject({status: 'pass'})
    expect(report.checks.find((check: {id: string}) => check.id === 'codex-version')).toMatchObject({status: 'pass'})
  })

  it('runs one agent with spawn', async () => {
    const result = await installed(['spawn', '[[reply:hello from the installed package]]'])
    expect(result.exitCode, String(result.stderr)).toBe(0)
    expect(result.stdout).toBe('hello from the installed package')
  })
})
