import {mkdtemp, readFile, rm, writeFile} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import path from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {binRun, cliEnv} from '../support/cli.js'
import {waitFor} from '../support/processes.js'
import {inPty, noPtyReason, sh} from '../support/pty.js'
import {useStubRig} from '../support/stub-rig.js'

const rig = useStubRig('terminal')
const node = `${sh(process.execPath)} ${sh(binRun)}`
const screen = (output: unknown) => String(output).replaceAll('\r\n', '\n')
let dir: string

describe.skipIf(noPtyReason)(`on a terminal (util-linux script)${noPtyReason ? `: skipped, ${noPtyReason}` : ''}`, () => {
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'codex-mcp-tty-'))
  })
  afterAll(async () => {
    await rm(dir, {recursive: true, force: true})
  })

  it('serve says what it is on stderr, keeps stdout for JSON-RPC, and keeps serving', async () => {
    const err = path.join(dir, 'serve.err')
    const out = path.join(dir, 'serve.out')
    const pty = inPty(`exec ${node} serve 2>${sh(err)} >${sh(out)}`, {env: cliEnv(rig.home.env), cwd: rig.work})
    try {
      const banner = await waitFor(async () => (await readFile(err, 'utf8').catch(() => '')).includes('doctor') && readFile(err, 'utf8'), 30_000, 'the banner')
      expect(banner).toContain('is an MCP server')
      expect(banner).toContain(`claude mcp add codex -- `)
      const initialize = {jsonrpc: '2.0', id: 1, method: 'initialize', params: {protocolVersion: '2025-06-18', capabilities: {}, clientInfo: {name: 'tty-test', version: '1'}}}
      pty.stdin!.write(`${JSON.stringify(initialize)}\n`)
      const answer = await waitFor(async () => (await readFile(out, 'utf8').catch(() => '')).includes('"id":1') && readFile(out, 'utf8'), 30_000, 'the initialize result')
      for (const line of answer.trim().split('\n')) expect(JSON.parse(line)).toMatchObject({jsonrpc: '2.0'})
      expect(JSON.parse(answer.trim().split('\n').at(-1)!)).toMatchObject({id: 1, result: {serverInfo: {name: 'codex-mcp'}}})
      pty.stdin!.write('\u0003') // Ctrl-C
      expect((await pty).exitCode).toBe(0)
    } finally {
      pty.kill()
    }
  })

  it('a typo gets the command meant, and Enter runs nothing', async () => {
    const pty = inPty(`${node} spwan 'a prompt'; echo "exit=$?"`, {env: cliEnv(rig.home.env), cwd: rig.work})
    pty.stdin!.write('\n')
    const result = await pty
    const text = screen(result.stdout)
    expect(text).toContain('"spwan" is not a codex-mcp command. Did you mean:')
    expect(text).toContain("codex-mcp spawn 'a prompt'")
    expect(text).toContain('exit=2')
    expect(text).not.toContain('agent message')
  })

  it('parallel prints a failed task\'s whole error below the table, however narrow the terminal', async () => {
    const tasks = path.join(dir, 'tasks.json')
    await writeFile(tasks, JSON.stringify([{name: 'good', prompt: '[[reply:fine]]'}, {name: 'broken', prompt: '[[status:500]]'}]))
    const pty = inPty(`${node} parallel ${sh(tasks)} 2>/dev/null; echo "exit=$?"`, {env: cliEnv(rig.home.env), cwd: rig.work, columns: 60})
    pty.stdin!.end()
    const text = screen((await pty).stdout)
    expect(text).toContain('exit=1')
    const [table, errors] = text.split('\nErrors:\n')
    expect(table).toMatch(/broken\s+failed/)
    expect(errors).toMatch(/^2 {2}broken\n {4}Codex's model provider returned an error: .*high demand.*\n/)
  })
})
