import {ElicitRequestSchema} from '@modelcontextprotocol/sdk/types.js'
import {execFileSync} from 'node:child_process'
import {existsSync} from 'node:fs'
import {mkdtemp, writeFile} from 'node:fs/promises'
import path from 'node:path'
import {afterAll, describe, expect, it} from 'vitest'

import {binRun, cliEnv, runCli} from '../support/cli.js'
import {waitFor} from '../support/processes.js'
import {connectServe, type ServeConnection} from '../support/mcp-client.js'
import {useStubRig} from '../support/stub-rig.js'

const rig = useStubRig('approvals')
const servers: ServeConnection[] = []
afterAll(async () => {
  for (const server of servers) await server.close()
})

type Answer = 'accept' | 'decline' | 'never'
/** serve --engine app-server --approvals ask, and a client whose elicitation handler answers `answer` (none: no capability). */
async function serveAsking(answer: Answer | 'no-capability', extraArgs: string[] = []) {
  const messages: string[] = []
  const conn = await connectServe(['--engine', 'app-server', '--approvals', 'ask', '--allowed-root', rig.work, ...extraArgs], rig.home.env, answer === 'no-capability' ? undefined : {capabilities: {elicitation: {}}})
  servers.push(conn)
  if (answer !== 'no-capability') {
    conn.client.setRequestHandler(ElicitRequestSchema, async (request) => {
      messages.push(request.params.message)
      if (answer === 'never') return new Promise(() => {})
      return {action: answer}
    })
  }
  return {conn, messages}
}

/** An agent that asks to create a file outside its sandbox's writable roots. */
async function escalatingAgent(conn: ServeConnection) {
  const dir = await mkdtemp(path.join(rig.work, 'target-'))
  const outside = path.join(dir, 'escalated.txt')
  const cwd = await mkdtemp(path.join(rig.work, 'cwd-'))
  const result = (await conn.client.callTool({name: 'spawn_agent', arguments: {prompt: `[[escalate:touch ${outside} && echo made]]`, cwd}})) as any
  return {result, outside}
}

/** Runs `codex-mcp spawn …` on a real terminal (a private tmux server) and answers its question with `key`. */
async function spawnOnTerminal(args: string[], key: 'y' | 'n'): Promise<string> {
  const socket = `codex-mcp-test-${process.pid}-${Date.now()}`
  const tmux = (...tmuxArgs: string[]) => execFileSync('tmux', ['-L', socket, ...tmuxArgs], {env: cliEnv(rig.home.env), encoding: 'utf8'})
  const command = [process.execPath, binRun, 'spawn', ...args].map((arg) => `'${arg.replaceAll("'", "'\\''")}'`).join(' ')
  try {
    tmux('new-session', '-d', '-x', '200', '-y', '50', `${command}; echo EXIT=$?; sleep 60`)
    const screen = () => tmux('capture-pane', '-p', '-J')
    await waitFor(() => screen().includes('Allow it? [y/N]'), 30_000, 'the question on the terminal')
    tmux('send-keys', key, 'Enter')
    return await waitFor(() => /EXIT=\d+/.test(screen()) && screen(), 30_000, 'spawn to finish')
  } finally {
    try {
      tmux('kill-server')
    } catch {}
  }
}

describe('approvals "ask" (app-server engine)', () => {
  it('accept: the client is asked what, where and why, and the command runs', async () => {
    const {conn, messages} = await serveAsking('accept')
    const {result, outside} = await escalatingAgent(conn)
    expect(result.structuredContent).toMatchObject({
      status: 'succeeded',
      approvals: [{kind: 'command', command: expect.stringMatching(/^touch /), decision: 'accepted', decidedBy: 'client'}],
    })
    // A long command is cut with "…"; how much of it shows depends on TMPDIR's length (the file's existence tells).
    expect(messages[0]).toMatch(/asks to run `touch [^`]*` outside its sandbox: the stub asks/)
    expect(existsSync(outside)).toBe(true)
  })

  it('decline: the command does not run, and the result says so', async () => {
    const {conn} = await serveAsking('decline')
    const {result, outside} = await escalatingAgent(conn)
    expect(result.structuredContent).toMatchObject({status: 'succeeded', approvals: [{kind: 'command', decision: 'declined', decidedBy: 'client'}]})
    expect(existsSync(outside)).toBe(false)
  })

  it('a client without the elicitation capability: declined', async () => {
    const {conn} = await serveAsking('no-capability')
    const {result, outside} = await escalatingAgent(conn)
    expect(result.structuredContent).toMatchObject({approvals: [{decision: 'declined', decidedBy: 'unsupported'}]})
    expect(existsSync(outside)).toBe(false)
  })

  it('no answer within approvalTimeoutMs: declined', async () => {
    const config = path.join(rig.work, 'timeout.json')
    await writeFile(config, JSON.stringify({approvalTimeoutMs: 500}))
    const {conn} = await serveAsking('never', ['--config', config])
    const {result, outside} = await escalatingAgent(conn)
    expect(result.structuredContent).toMatchObject({approvals: [{decision: 'declined', decidedBy: 'timeout'}]})
    expect(existsSync(outside)).toBe(false)
  })

  it.each([['y', 'accepted', true], ['n', 'declined', false]] as const)('spawn on a terminal asks the person: %s', async (key, decision, made) => {
    const dir = await mkdtemp(path.join(rig.work, 'tty-'))
    const outside = path.join(dir, 'escalated.txt')
    const cwd = await mkdtemp(path.join(rig.work, 'tty-cwd-'))
    const screen = await spawnOnTerminal(['--engine', 'app-server', '--approvals', 'ask', '--json', '--cd', cwd, `[[escalate:touch ${outside} && echo made]]`], key)
    expect(screen).toMatch(/asks to run `touch [^`]*` outside its sandbox/)
    expect(screen).toContain('EXIT=0')
    expect(screen).toContain(`"decision": "${decision}"`)
    expect(screen).toContain('"decidedBy": "terminal"')
    expect(existsSync(outside)).toBe(made)
  })

  it('spawn without a terminal cannot ask: declined', async () => {
    const dir = await mkdtemp(path.join(rig.work, 'notty-'))
    const outside = path.join(dir, 'escalated.txt')
    const result = await runCli(['spawn', '--engine', 'app-server', '--approvals', 'ask', '--json', `[[escalate:touch ${outside}]]`], {env: rig.home.env})
    expect(JSON.parse(String(result.stdout))).toMatchObject({status: 'succeeded', approvals: [{decision: 'declined', decidedBy: 'unsupported'}]})
    expect(existsSync(outside)).toBe(false)
  })

  it('ask with the exec engine is a clear startup error', async () => {
    const result = await runCli(['spawn', '--engine', 'exec', '--approvals', 'ask', 'hi'], {env: rig.home.env})
    expect(result.exitCode).toBe(2)
    expect(result.stderr).toContain('approvals "ask" needs the app-server engine')
    expect(result.stderr).not.toMatch(/\n\s+at /)
  })
})
