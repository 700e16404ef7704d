import {afterAll, describe, expect, it} from 'vitest'

import {runCli} from '../support/cli.js'
import {connectServe, type ServeConnection} from '../support/mcp-client.js'
import {processesWithEnv, waitFor} from '../support/processes.js'
import {useStubRig} from '../support/stub-rig.js'

const rig = useStubRig('default-engine')
let server: ServeConnection | undefined

/** No engine setting at all: the test project's CODEX_MCP_ENGINE is taken away from the child. */
const noEngine = () => ({...rig.home.env, CODEX_MCP_ENGINE: undefined})

/**
 * Which Codex front end sent a model request: Codex names it in the `originator` header — `codex_exec` for
 * `codex exec`, the client's name from `initialize` (`codex-mcp`) for `codex app-server`.
 */
const originatorOf = (marker: string) => rig.stub.requestsFor(marker).map((request) => String(request.headers.originator))

afterAll(async () => {
  await server?.close()
  await waitFor(() => processesWithEnv('CODEX_HOME', rig.home.dir).length === 0, 5000, 'no codex left').catch(() => {})
  expect(processesWithEnv('CODEX_HOME', rig.home.dir)).toEqual([])
})

describe('with no engine setting (auto)', () => {
  it('serve runs spawn_agent on app-server: the model request comes from codex app-server, not codex exec', async () => {
    server = await connectServe(['--allowed-root', rig.work], noEngine())
    const result = (await server.client.callTool({name: 'spawn_agent', arguments: {prompt: '[[reply:warm]] default serve', cwd: rig.work}})) as {structuredContent: any}
    expect(result.structuredContent).toMatchObject({status: 'succeeded', output: 'warm'})
    expect(originatorOf('default serve')).toEqual(['codex-mcp'])
    expect(await spawnOrigin('[[reply:cold]] explicit exec', ['--engine', 'exec'])).toEqual(['codex_exec'])
  })

  it('spawn runs on exec (measured: a cold app-server is no faster for one agent)', async () => {
    expect(await spawnOrigin('[[reply:one-shot]] default spawn', [])).toEqual(['codex_exec'])
  })
})

async function spawnOrigin(prompt: string, flags: string[]): Promise<string[]> {
  const result = await runCli(['spawn', prompt, '-C', rig.work, ...flags], {env: noEngine()})
  expect(result.exitCode, String(result.stderr)).toBe(0)
  return originatorOf(prompt.replace(/^\[\[[^\]]*\]\] /, ''))
}
