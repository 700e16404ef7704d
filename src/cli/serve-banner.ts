import {realpathSync} from 'node:fs'
import path from 'node:path'

/** How a client should start this very server: `codex-mcp` when that is on PATH and is us, else our absolute path. */
export function serveCommandName(argv1 = process.argv[1], env: NodeJS.ProcessEnv = process.env): string {
  const self = safeRealpath(argv1)
  if (!self) return 'codex-mcp'
  for (const dir of (env.PATH ?? '').split(path.delimiter)) {
    if (dir && safeRealpath(path.join(dir, 'codex-mcp')) === self) return 'codex-mcp'
  }
  return self
}

function safeRealpath(file: string | undefined): string | undefined {
  try {
    return file ? realpathSync(file) : undefined
  } catch {
    return undefined
  }
}

/**
 * What `serve` says on stderr when a person, not an MCP client, started it (stdin is a terminal): what it is,
 * and how to wire it into a client. stdout stays JSON-RPC only.
 */
export function serveBanner(command = serveCommandName()): string {
  const json = JSON.stringify({mcpServers: {codex: {command, args: ['serve']}}})
  return [
    'codex-mcp serve is an MCP server: it speaks JSON-RPC on stdin/stdout and is waiting for an MCP client.',
    'Typing here does nothing useful; Ctrl-C stops it. Add it to a client instead:',
    `  Claude Code:       claude mcp add codex -- ${command} serve`,
    `  Codex:             codex mcp add codex-agents -- ${command} serve`,
    `  .mcp.json, Cursor: ${json}`,
    `Tools and flags: ${command} serve --help · check the setup: ${command} doctor`,
    '',
  ].join('\n')
}
