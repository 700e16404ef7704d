import path from 'node:path'

import {findOnPath, isExecutableFile} from '../../runner/resolve-codex.js'
import type {DoctorContext} from '../context.js'
import {mcpServers, mcpTableHeader} from '../codex-config.js'
import {check, type CheckResult} from '../types.js'

/** The executable a stdio MCP server's `command` names, as Codex would find it; undefined when there is none. */
export function resolveCommand(command: string, env: Record<string, string | undefined>, cwd: string): string | undefined {
  if (command.includes('/')) {
    const file = path.resolve(cwd, command)
    return isExecutableFile(file) ? file : undefined
  }
  return findOnPath(command, env.PATH)
}

/**
 * Codex's own stdio MCP servers whose command does not exist. Codex 0.169 starts every enabled server with
 * each agent: a missing optional one is noise at every start, a missing `required = true` one fails them all.
 */
export function mcpServersCheck(ctx: Pick<DoctorContext, 'codexConfig' | 'env' | 'runOptions'>): CheckResult[] {
  const {cwd} = ctx.runOptions('doctor')
  const stdio = mcpServers(ctx.codexConfig).filter((entry) => entry.enabled && entry.command !== undefined)
  if (stdio.length === 0) return [check('mcp-servers', 'info', 'Codex\'s config has no enabled stdio MCP servers to check')]
  const broken = stdio.filter((entry) => !resolveCommand(entry.command!, ctx.env, cwd))
  if (broken.length === 0) {
    return [check('mcp-servers', 'pass', `Codex's MCP servers: every command found (${stdio.map((entry) => entry.name).join(', ')})`)]
  }
  return broken.map((entry) => {
    const header = mcpTableHeader(entry.name)
    const effect = entry.required
      ? 'it is marked required = true, so every agent start fails'
      : 'Codex reports it failing at every agent start'
    return check(
      `mcp-server:${entry.name}`,
      entry.required ? 'fail' : 'warn',
      `Codex's MCP server ${header} runs "${entry.command}", which is not ${entry.command!.includes('/') ? 'an executable file' : 'on the PATH Codex gets'}: ${effect}.`,
      `install "${entry.command}" or put its absolute path in command = "..." under ${header} in ${entry.file}; or disable it there with enabled = false`,
    )
  })
}
