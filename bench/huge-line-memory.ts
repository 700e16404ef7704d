/**
 * `serve`'s peak RSS while one agent's Codex prints a single huge event line (README "Limits and guarantees"):
 * a fake codex (test/fixtures/fake-codex/codex-huge-line) prints BYTES of text in one line; spawn_agent over
 * raw JSON-RPC; VmHWM read from /proc when the response arrives.
 * Run (after npm run build): npx tsx bench/huge-line-memory.ts [bytes, default 600000000]
 */
import {spawn} from 'node:child_process'
import {mkdtempSync, readFileSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import path from 'node:path'

import {binRun, repoRoot} from '../test/support/cli.js'

const bytes = process.argv[2] ?? '600000000'
const scratch = mkdtempSync(path.join(tmpdir(), 'codex-mcp-huge-line-'))
const serve = spawn(process.execPath, [binRun, 'serve'], {
  stdio: ['pipe', 'pipe', 'inherit'],
  env: {
    ...process.env,
    HOME: scratch,
    XDG_STATE_HOME: scratch,
    CODEX_FAKE_LINE_BYTES: bytes,
    CODEX_MCP_CODEX_PATH: path.join(repoRoot, 'test/fixtures/fake-codex/codex-huge-line'),
  },
})
const send = (message: object) => serve.stdin.write(`${JSON.stringify(message)}\n`)
send({jsonrpc: '2.0', id: 0, method: 'initialize', params: {protocolVersion: '2025-06-18', capabilities: {}, clientInfo: {name: 'bench', version: '1'}}})
send({jsonrpc: '2.0', method: 'notifications/initialized'})
send({jsonrpc: '2.0', id: 1, method: 'tools/call', params: {name: 'spawn_agent', arguments: {prompt: 'hi'}}})
let out = ''
serve.stdout.on('data', (chunk: Buffer) => {
  out += chunk.toString('utf8')
  const answer = out.split('\n').find((line) => line.includes('"id":1'))
  if (!answer) return
  const hwm = Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${serve.pid}/status`, 'utf8'))?.[1]) / 1024
  const outcome = JSON.parse(answer).result?.structuredContent
  console.log(`a ${bytes}-byte event line: serve peak RSS (VmHWM) ${hwm.toFixed(0)} MB; agent ${outcome?.status}: ${outcome?.notices?.[0] ?? outcome?.output}`)
  serve.stdin.end()
  serve.once('exit', () => rmSync(scratch, {recursive: true, force: true}))
})
