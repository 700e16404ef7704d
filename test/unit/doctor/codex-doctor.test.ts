import {readFileSync} from 'node:fs'
import path from 'node:path'
import {describe, expect, it} from 'vitest'

import {codexDoctorChecks, foldCodexDoctor, parseCodexDoctor} from '../../../src/doctor/checks/codex-doctor.js'
import {gatherContext} from '../../../src/doctor/context.js'
import {repoRoot} from '../../support/cli.js'
import {fakeCodex, isolatedEnv, tempTree} from './helpers.js'

/** Real `codex doctor --json` output of Codex 0.169 (a broken MCP server, an unreachable provider, offline). */
const recorded = readFileSync(path.join(repoRoot, 'test/fixtures/codex-doctor-0.169.json'), 'utf8')
const report = parseCodexDoctor(recorded)!

describe('folding in Codex\'s own doctor', () => {
  it('parses the 0.169 report, and nothing else', () => {
    expect(Object.keys(report.checks).length).toBeGreaterThan(10)
    expect(parseCodexDoctor('error: unrecognized subcommand')).toBeUndefined()
    expect(parseCodexDoctor('{"checks": 3}')).toBeUndefined()
  })

  it('keeps only warnings and failures, with the details that explain them; network probes only warn', () => {
    const folded = foldCodexDoctor(report, [], {profileActive: false})
    expect(folded.map((r) => [r.id, r.status])).toEqual([
      ['codex-doctor:mcp.config', 'warn'],
      ['codex-doctor:network.provider_reachability', 'warn'],
      ['codex-doctor:updates.status', 'warn'],
    ])
    expect(folded[0].message).toBe('MCP configuration has optional issues (broken: stdio command "no-such-cmd-xyz" is not resolvable (not found on PATH))')
    expect(folded[1].message).toMatch(/unreachable over HTTP \(stub API inference URL: .* connect failed \(required\)\) \[Codex: fail\]$/)
    expect(folded[1].fix).toBe('Check proxy, VPN, firewall, DNS, and custom CA configuration.')
  })

  it('does not repeat what our checks already reported', () => {
    const ours = [{id: 'mcp-server:broken', status: 'warn' as const, message: 'x'}]
    expect(foldCodexDoctor(report, ours, {profileActive: false}).map((r) => r.id)).not.toContain('codex-doctor:mcp.config')
  })

  it('drops provider checks when a profile changes the provider (codex doctor takes no -p)', () => {
    expect(foldCodexDoctor(report, [], {profileActive: true}).map((r) => r.id)).not.toContain('codex-doctor:network.provider_reachability')
  })

  it('keeps a Codex failure ours did not see, as a failure', () => {
    const broken = {checks: {'config.load': {id: 'config.load', category: 'config', status: 'fail', summary: 'config could not be loaded', details: {error: 'invalid data'}, remediation: 'Fix it.'}}}
    expect(foldCodexDoctor(broken, [{id: 'codex-config', status: 'pass', message: 'ok'}], {profileActive: false})).toEqual([
      {id: 'codex-doctor:config.load', status: 'fail', message: 'config could not be loaded (error: invalid data)', fix: 'Fix it.'},
    ])
  })

  it('says when Codex has nothing more to add', () => {
    expect(foldCodexDoctor({checks: {}}, [], {profileActive: false})).toEqual([
      {id: 'codex-doctor:summary', status: 'pass', message: 'codex doctor --json: nothing more to report (0 checks)'},
    ])
  })

  it('skips silently when the binary has no `doctor --json`', async () => {
    const home = await tempTree()
    const ctx = await gatherContext({processEnv: await isolatedEnv(home, {CODEX_MCP_CODEX_PATH: fakeCodex('codex-0.40.0')}), cwd: home})
    expect(await codexDoctorChecks(ctx, [])).toEqual([])
  })
})

describe('Codex 0.140\'s install check', () => {
  it('only warns: it is about self-update, and our binary and version checks decide whether agents run', () => {
    const report = {checks: {installation: {id: 'installation', category: 'install', status: 'fail', summary: 'npm install -g @openai/codex would update a different install'}}}
    expect(foldCodexDoctor(report, [], {profileActive: false})).toEqual([
      {id: 'codex-doctor:installation', status: 'warn', message: 'npm install -g @openai/codex would update a different install [Codex: fail]'},
    ])
  })
})
