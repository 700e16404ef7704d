import {Client} from '@modelcontextprotocol/sdk/client/index.js'
import {StdioClientTransport} from '@modelcontextprotocol/sdk/client/stdio.js'

import {binRun, cliEnv, repoRoot} from './cli.js'

export interface ServeConnection {
  client: Client
  transport: StdioClientTransport
  /** Everything the server wrote to stderr. */
  stderr(): string
  /** Errors the transport met (a non-JSON-RPC line on stdout is one). */
  transportErrors: Error[]
  pid: number
  close(): Promise<void>
}

/** The SDK's real Client spawning the real `bin/run.js serve` over stdio. */
export async function connectServe(
  args: string[] = [],
  env: Record<string, string | undefined> = {},
  clientOptions?: ConstructorParameters<typeof Client>[1],
): Promise<ServeConnection> {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [binRun, 'serve', ...args],
    env: cliEnv(env),
    cwd: repoRoot,
    stderr: 'pipe',
  })
  let stderr = ''
  transport.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')))
  const transportErrors: Error[] = []
  const client = new Client({name: 'codex-mcp-test', version: '1.0.0'}, clientOptions)
  client.onerror = (error) => transportErrors.push(error)
  await client.connect(transport)
  return {
    client,
    transport,
    stderr: () => stderr,
    transportErrors,
    pid: transport.pid!,
    close: () => client.close(),
  }
}
