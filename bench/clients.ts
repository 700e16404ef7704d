import {Client} from '@modelcontextprotocol/sdk/client/index.js'
import {StdioClientTransport} from '@modelcontextprotocol/sdk/client/stdio.js'
import {LATEST_PROTOCOL_VERSION} from '@modelcontextprotocol/sdk/types.js'
import {spawn} from 'node:child_process'
import {createInterface} from 'node:readline'

export interface StdioServer {
  /** What the bench calls it in the table. */
  label: string
  command: string
  args: string[]
  env: Record<string, string>
  cwd: string
}

export interface Connected {
  client: Client
  pid: number
  close(): Promise<void>
}

/** The SDK's Client over stdio (the same Client for every server): spawn, `initialize`, then `tools/list`. */
export async function connect(server: StdioServer): Promise<Connected & {toolCount: number}> {
  const transport = new StdioClientTransport({command: server.command, args: server.args, env: server.env, cwd: server.cwd, stderr: 'ignore'})
  const client = new Client({name: 'codex-mcp-bench', version: '1.0.0'})
  await client.connect(transport)
  const {tools} = await client.listTools()
  return {client, pid: transport.pid!, toolCount: tools.length, close: () => client.close()}
}

/**
 * Cold start: spawn → `initialize` → `tools/list` answered, in ms, then the server is closed (stdin ended,
 * killed if it lingers). Plain JSON-RPC lines, not the SDK Client: the Client compiles every tool's output
 * schema with ajv before `listTools()` resolves, a client-side cost that would be billed to the server with
 * the most output schemas (measured separately as `clientListTools`).
 */
export async function coldStart(server: StdioServer): Promise<number> {
  const started = performance.now()
  const child = spawn(server.command, server.args, {env: server.env, cwd: server.cwd, stdio: ['pipe', 'pipe', 'ignore']})
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  try {
    const waiting = new Map<number, (message: {result?: unknown; error?: unknown}) => void>()
    createInterface({input: child.stdout!}).on('line', (line) => {
      const message = JSON.parse(line)
      if (typeof message.id === 'number') waiting.get(message.id)?.(message)
    })
    const failedEarly = new Promise<never>((_, reject) => {
      child.once('error', reject)
      child.once('exit', (code) => reject(new Error(`${server.label} exited with ${code} before answering`)))
    })
    const request = (id: number, method: string, params: object) => {
      const answered = new Promise<{result?: unknown; error?: unknown}>((resolve) => waiting.set(id, resolve))
      child.stdin!.write(`${JSON.stringify({jsonrpc: '2.0', id, method, params})}\n`)
      return Promise.race([answered, failedEarly])
    }
    const init = await request(1, 'initialize', {protocolVersion: LATEST_PROTOCOL_VERSION, capabilities: {}, clientInfo: {name: 'codex-mcp-bench', version: '1.0.0'}})
    if (init.error) throw new Error(`${server.label}: initialize failed: ${JSON.stringify(init.error)}`)
    child.stdin!.write(`${JSON.stringify({jsonrpc: '2.0', method: 'notifications/initialized'})}\n`)
    const list = await request(2, 'tools/list', {})
    const elapsed = performance.now() - started
    if (list.error || !Array.isArray((list.result as {tools?: unknown})?.tools)) throw new Error(`${server.label}: tools/list failed: ${JSON.stringify(list.error)}`)
    return elapsed
  } finally {
    child.stdin!.end()
    const timer = setTimeout(() => child.kill('SIGKILL'), 3000)
    await exited
    clearTimeout(timer)
  }
}

/** `tools/list` through the SDK Client on a warm connection, in ms: includes the Client's output-schema compile. */
export async function clientListTools(client: Client): Promise<number> {
  const started = performance.now()
  await client.listTools()
  return performance.now() - started
}

type CallResult = Awaited<ReturnType<Client['callTool']>>

/**
 * A tool call that must have done its work; resolves its wall time in ms. `expectText` must appear in the
 * result's text: the peer answers a failed Codex run with its output and no isError.
 */
export async function timedCall(
  client: Client,
  name: string,
  args: Record<string, unknown>,
  options: {expectText?: string; check?: (result: CallResult) => boolean; timeoutMs?: number} = {},
): Promise<number> {
  const started = performance.now()
  const result = await client.callTool({name, arguments: args}, undefined, {timeout: options.timeoutMs ?? 120_000})
  const elapsed = performance.now() - started
  const text = (result.content as Array<{text?: string}>).map((c) => c.text ?? '').join(' ')
  const ok = !result.isError && (options.expectText === undefined || text.includes(options.expectText)) && (options.check?.(result) ?? true)
  if (!ok) throw new Error(`${name} did not do its work: ${text.slice(0, 500)}`)
  return elapsed
}
