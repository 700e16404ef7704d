import {createHash} from 'node:crypto'

import {CodexMcpError} from '../../../errors.js'
import type {CodexBinary} from '../../resolve-codex.js'
import {AppServerConnection, signalGroup} from './connection.js'
import {noteOnce} from '../log.js'
import {initializeResultSchema, NEWEST_TESTED_CODEX_VERSION, versionFromUserAgent} from './protocol.js'
import {judgeCodexVersion} from './version.js'

export interface WarmServer {
  connection: AppServerConnection
  version: string
  /** Why this Codex cannot run the engine (too old, or `initialize` answered in a shape we do not know); the server is then closed. */
  unsupported?: string
  /** Set when a message of this server failed the engine's schemas: later agents run on exec. */
  mismatch?: string
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
    // A Codex that cannot run the engine stays known as such: later agents do not start it again to find out.
    server.then((warm) => (warm.unsupported ? undefined : warm.connection.exited.then(forget)), forget)
  }
  return server
}

/** A Codex whose `app-server` does not answer `initialize` in this long does not speak the protocol (it starts in ~0.1 s). */
export const INITIALIZE_TIMEOUT_MS = 30_000

async function start(binary: CodexBinary, env: Record<string, string>): Promise<WarmServer> {
  const connection = new AppServerConnection(binary.file, binary.args, env)
  live.add(connection)
  void connection.exited.then(() => live.delete(connection))
  let timer: NodeJS.Timeout | undefined
  try {
    const answer = await Promise.race([
      connection.request('initialize', {
        clientInfo: {name: 'codex-mcp', title: 'codex-mcp', version: '0'},
        capabilities: {experimentalApi: true, requestAttestation: false},
      }),
      new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`no answer to initialize within ${INITIALIZE_TIMEOUT_MS} ms`)), INITIALIZE_TIMEOUT_MS))),
    ]).finally(() => clearTimeout(timer))
    const result = initializeResultSchema.safeParse(answer)
    if (!result.success) {
      void connection.close()
      return {connection, version: 'unknown', unsupported: `codex app-server answered initialize in a shape the engine does not know (${result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ')})`}
    }
    connection.notify('initialized')
    const version = versionFromUserAgent(result.data.userAgent) ?? 'unknown'
    const judged = judgeCodexVersion(version)
    if (!judged.supported) {
      void connection.close()
      return {connection, version, unsupported: judged.note}
    }
    if (judged.note) noteOnce('warning', judged.note)
    return {connection, version}
  } catch (error) {
    void connection.close()
    const stderr = connection.stderr.toString().trim().split('\n').filter((line) => !line.startsWith('WARNING: proceeding')).at(-1)
    // It started but did not speak the protocol (no such subcommand, another program, silence): this Codex cannot.
    if (!/could not start/.test((error as Error).message)) {
      return {connection, version: 'unknown', unsupported: `codex app-server (${binary.file}) did not answer initialize (${(error as Error).message}${stderr ? `: ${stderr}` : ''})`}
    }
    throw new CodexMcpError(`Could not start codex app-server (${binary.file}): ${(error as Error).message}${stderr ? `: ${stderr}` : ''}`, {
      kind: 'spawn-failed',
      retryable: true,
      fix: `Run the agent with --engine exec, or install a Codex the engine was tested with (npm install -g @openai/codex@${NEWEST_TESTED_CODEX_VERSION}).`,
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
