import {createRequire} from 'node:module'; const require = createRequire(import.meta.url)
import {it, expect} from 'vitest'
import {startStubAnthropic} from '../support/stub-anthropic.js'
import {runClaude} from '../support/claude-code.js'
import {startStubProvider} from '../support/stub-provider.js'
import {createCodexHome} from '../support/codex-home.js'
it('try', async () => {
  const api = await startStubAnthropic()
  const stub = await startStubProvider()
  const home = await createCodexHome(stub.url)
  const prompt = process.env.P ?? '[[call:spawn_agent:{"prompt":"inner 1"}]]'
  const run = await runClaude(prompt, {apiUrl: api.url, serverEnv: {...home.env, CODEX_MCP_CODEX_PATH: process.env.CODEX_MCP_CODEX_PATH ?? ''}, env: JSON.parse(process.env.CENV ?? '{}')})
  console.log('exit', run.exitCode, run.stderr.slice(0,2000))
  console.log(run.events.map(e => JSON.stringify(e).slice(0, 600)).join('\n'))
  console.log(api.requests.map(r => r.path + ' ' + (r.body?.tools?.map((t:any)=>t.name).join(',')??'') ).join('\n'))
  console.log(JSON.stringify(api.toolResults(prompt.slice(0,10)), null, 1))
  require('fs').writeFileSync('/tmp/i14/debug.log', run.debugLog)
  require('fs').writeFileSync('/tmp/i14/requests.json', JSON.stringify(api.requests, null, 1))
  await api.close(); await stub.close(); await home.cleanup()
}, 200000)
