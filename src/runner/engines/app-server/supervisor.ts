import {createHash} from 'node:crypto'
import semver from 'semver'

import {CodexMcpError} from '../../../errors.js'
import type {CodexBinary} from '../../resolve-codex.js'
import {AppServerConnection, signalGroup} from './connection.js'
import {initializeResultSchema, PINNED_CODEX_VERSION, SUPPORTED_CODEX_RANGE, versionFromUserAgent} from './protocol.js'

export interface WarmServer {
  connection: AppServerConnection
  version: string
  /** False when the protocol version is not one the suite covers: the caller falls back to exec. */
  supported: boolean
}

/**
 * One supervised `codex app-server` per distinct (binary, CODEX_HOME, environment): those are per process
 * in app-server, threads are per agent. Started on first use; a crashed one is forgotten, so the next agent
 * starts a fresh one (its threads stay resumable: Codex keeps them in CODEX_HOME).
 */
const servers = new Map<string, Promise<WarmServer>>()
const live = new Set<AppServerConnection>()

process.once('exit', () => {
  // SIGTERM, not KILL: app-server then ends its threads' commands itself.
  for (const connection of live) if (connection.pid) signalGroup(connection.pid, 'SIGTERM')
})

function keyOf(binary: CodexBinary, env: Record<string, string>): string {
  const hash = createHash('sha256')
  hash.update(JSON.stringify([binary.file, binary.args, Object.entries(env).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))]))
  return hash.digest('hex')
}

export function warmServer(binary: CodexBinary, env: Record<string, string>): Promise<WarmServer> {
  const key = keyOf(binary, env)
  let server = servers.get(key)
  if (!server) {
    server = start(binary, env)
    servers.set(key, server)
    const forget = () => {
      if (servers.get(key) === server) servers.delete(key)
    }
    server.then((warm) => warm.connection.exited.then(forget), forget)
  }
  return server
}

async function start(binary: CodexBinary, env: Record<string, string>): Promise<WarmServer> {
  const connection = new AppServerConnection(binary.file, binary.args, env)
  live.add(connection)
  void connection.exited.then(() => live.delete(connection))
  try {
    const result = initializeResultSchema.parse(
      await connection.request('initialize', {
        clientInfo: {name: 'codex-mcp', title: 'codex-mcp', version: '0'},
        capabilities: {experimentalApi: true, requestAttestation: false},
      }),
    )
    connection.notify('initialized')
    const version = versionFromUserAgent(result.userAgent) ?? 'unknown'
    const supported = semver.valid(version) !== null && semver.satisfies(version, SUPPORTED_CODEX_RANGE, {includePrerelease: true})
    if (!supported) void connection.close()
    return {connection, version, supported}
  } catch (error) {
    void connection.close()
    const stderr = connection.stderr.toString().trim().split('\n').filter((line) => !line.startsWith('WARNING: proceeding')).at(-1)
    throw new CodexMcpError(`Could not start codex app-server (${binary.file}): ${(error as Error).message}${stderr ? `: ${stderr}` : ''}`, {
      kind: 'spawn-failed',
      retryable: true,
      fix: `Run the agent with --engine exec, or install Codex ${PINNED_CODEX_VERSION} (npm install -g @openai/codex@${PINNED_CODEX_VERSION}).`,
      cause: error,
    })
  }
}

/** Shuts every warm app-server down (server shutdown): closing stdin ends its threads and their commands. */
export async function shutdownAppServers(): Promise<void> {
  const all = [...servers.values()]
  servers.clear()
  await Promise.all(all.map(async (server) => (await server.catch(() => undefined))?.connection.close()))
  await Promise.all([...live].map((connection) => connection.close()))
}
