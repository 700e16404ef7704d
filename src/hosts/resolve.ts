import {CodexMcpError} from '../errors.js'
import {type HostConfig, LOCAL_HOST} from '../config/hosts.js'

/** A configured host, ready to run agents on. */
export interface HostSpec {
  name: string
  /** The exec-server's URL; undefined for this machine. */
  url?: string
  cwd?: string
  maxAgents?: number
  tokenEnv?: string
  /** The capability token, read from codex-mcp's own environment: a function, so no JSON of the options ever holds it. */
  token: () => string | undefined
}

export const isRemote = (host: HostSpec): host is HostSpec & {url: string} => host.url !== undefined

/** 127.0.0.0/8, ::1 and localhost: the only destinations a plain ws:// (or a token over it) is fine for. */
export function isLoopbackUrl(url: string): boolean {
  let hostname: string
  try {
    hostname = new URL(url).hostname
  } catch {
    return false
  }
  return hostname === 'localhost' || hostname === '[::1]' || hostname === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(hostname)
}

export function resolveHosts(hosts: HostConfig[] | undefined, ownEnv: Record<string, string | undefined>): HostSpec[] | undefined {
  if (!hosts || hosts.length === 0) return undefined
  return hosts.map(({name, url, tokenEnv, cwd, maxAgents}) => ({
    name,
    ...(url ? {url} : {}),
    ...(cwd ? {cwd} : {}),
    ...(maxAgents ? {maxAgents} : {}),
    ...(tokenEnv ? {tokenEnv} : {}),
    token: () => (tokenEnv ? ownEnv[tokenEnv] || undefined : undefined),
  }))
}

/**
 * The start-up check of the `hosts` setting (serve, spawn, parallel): what would make every agent on a host
 * fail, or send its commands and token over a network in clear, is refused before anything runs.
 */
export function checkHosts(
  settings: {hosts?: HostConfig[]; engine?: string},
  ownEnv: Record<string, string | undefined>,
  envEngine: string | undefined,
  filepath?: string,
): void {
  if (!settings.hosts || settings.hosts.length === 0) return
  const where = filepath ? ` (config ${filepath})` : ''
  const engine = settings.engine ?? (envEngine || undefined)
  if (engine === 'exec') {
    throw new CodexMcpError(`hosts need the app-server engine, but the engine is "exec"${where}: only codex app-server can run an agent's commands on an exec-server.`, {
      kind: 'invalid-config',
      fix: 'Drop --engine exec (or "engine": "exec"; with hosts the engine is app-server), or remove "hosts" from the config.',
    })
  }
  for (const host of settings.hosts) {
    if (host.name === LOCAL_HOST || !host.url) continue
    if (host.tokenEnv && !ownEnv[host.tokenEnv]) {
      throw new CodexMcpError(`Host "${host.name}": its token variable ${host.tokenEnv} is not set in codex-mcp's environment${where}.`, {
        kind: 'invalid-config',
        fix: `Set ${host.tokenEnv} to the exec-server's capability token in the environment that starts codex-mcp (an MCP client's "env" block), or drop "tokenEnv" if the exec-server takes none.`,
      })
    }
    if (host.url.startsWith('ws://') && !isLoopbackUrl(host.url)) {
      throw new CodexMcpError(
        host.tokenEnv
          ? `Host "${host.name}": ${host.url} is plain ws:// to another machine${where}: the token would cross the network in clear (Codex's protocol asks for a secure transport or loopback for it).`
          : `Host "${host.name}": ${host.url} is plain ws:// to another machine without a token${where}: anyone who can reach that port could run commands there.`,
        {
          kind: 'invalid-config',
          fix: `Reach the exec-server through an ssh tunnel (\`ssh -N -L 9001:127.0.0.1:9001 ${host.name}\`, then "url": "ws://127.0.0.1:9001"), or put it behind wss:// (TLS); and start it with --ws-auth capability-token --ws-token-file FILE plus "tokenEnv" here.`,
        },
      )
    }
  }
}

/** The host a call, flag or task asked for: untrusted like cwd, so only a configured name passes. */
export function checkRequestedHost(requested: string | undefined, hosts: HostSpec[] | undefined): string | undefined {
  if (requested === undefined) return undefined
  const names = (hosts ?? []).map((host) => host.name)
  if (names.includes(requested)) return requested
  throw new CodexMcpError(
    names.length === 0
      ? `host ${JSON.stringify(requested.slice(0, 80))} is not available: this codex-mcp has no hosts configured.`
      : `host ${JSON.stringify(requested.slice(0, 80))} is not a configured host; the configured hosts are: ${names.join(', ')}.`,
    {
      kind: 'invalid-input',
      fix: names.length === 0 ? 'Leave out `host` (agents run on this machine), or configure "hosts" in codex-mcp\'s config file.' : `Pass one of ${names.join(', ')}, or leave out \`host\` to let codex-mcp choose.`,
    },
  )
}

/** isolation "worktree" makes the worktree on this machine (git on a host is not built yet): only "local" can run it. */
export function checkHostIsolation(isolation: string | undefined, requested: string | undefined, hosts: HostSpec[] | undefined): void {
  if (isolation !== 'worktree' || !hosts) return
  const asked = requested ? hosts.find((host) => host.name === requested) : undefined
  if (asked ? !isRemote(asked) : hosts.some((host) => !isRemote(host))) return
  throw new CodexMcpError(`isolation "worktree" runs on this machine only, but ${asked ? `host "${asked.name}" is another one` : `no host named "${LOCAL_HOST}" is configured`}.`, {
    kind: 'invalid-input',
    fix: asked ? `Leave out \`host\` (or pass "${LOCAL_HOST}") for an isolated agent, or run it on that host without isolation.` : `Add {"name": "${LOCAL_HOST}"} to "hosts" to run isolated agents here, or run them without isolation.`,
  })
}
