import {readdirSync, readFileSync} from 'node:fs'

import type {DoctorContext} from '../context.js'
import {locateCodexConfig, mcpServers, mcpTableHeader} from '../codex-config.js'
import {envValuesOnArgv} from '../../runner/env.js'
import {check, type CheckResult} from '../types.js'
import {runsCodexMcpServe} from './client-deadlines.js'

const FIX = 'pass the variable through the client\'s "env" block (Codex: env_vars = ["KEY"] or env = {KEY = "..."}) and give serve `--env KEY` without a value, or use --env-file'

/** The Codex home a process runs agents with, read from its environment (Linux /proc). */
function codexHomeOf(pid: string): string {
  const env = Object.fromEntries(
    readFileSync(`/proc/${pid}/environ`, 'utf8')
      .split('\0')
      .filter(Boolean)
      .map((entry) => [entry.slice(0, entry.indexOf('=')), entry.slice(entry.indexOf('=') + 1)]),
  )
  return locateCodexConfig(env).codexHome
}

/** `codex-mcp serve` processes running now (Linux /proc) for the same Codex home as this doctor, with their argv. */
function runningServes(codexHome: string): Array<{pid: number; argv: string[]}> {
  let pids: string[]
  try {
    pids = readdirSync('/proc').filter((name) => /^\d+$/.test(name) && Number(name) !== process.pid)
  } catch {
    return []
  }
  const found: Array<{pid: number; argv: string[]}> = []
  for (const pid of pids) {
    try {
      const argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean)
      if (argv.length > 0 && runsCodexMcpServe({command: argv[0], args: argv.slice(1)}) && codexHomeOf(pid) === codexHome) {
        found.push({pid: Number(pid), argv})
      }
    } catch {
      // gone, or not ours to read
    }
  }
  return found
}

/** Secrets given to `serve` as `--env KEY=VALUE`: in Codex's MCP server entries, and in running servers. */
export function argvSecretChecks(ctx: Pick<DoctorContext, 'codexConfig'>, running = () => runningServes(ctx.codexConfig.location.codexHome)): CheckResult[] {
  const results: CheckResult[] = []
  for (const entry of mcpServers(ctx.codexConfig).filter((e) => e.enabled && runsCodexMcpServe(e))) {
    const names = envValuesOnArgv(entry.args)
    if (names.length === 0) continue
    results.push(
      check(
        `argv-secrets:${entry.name}`,
        'warn',
        `${mcpTableHeader(entry.name)} in ${entry.file} gives serve ${names.join(', ')} as --env KEY=VALUE: every local user can read the value in /proc/<pid>/cmdline`,
        FIX,
      ),
    )
  }
  for (const serve of running()) {
    const names = envValuesOnArgv(serve.argv)
    if (names.length === 0) continue
    results.push(
      check(
        `argv-secrets:pid-${serve.pid}`,
        'warn',
        `codex-mcp serve (pid ${serve.pid}) was started with ${names.join(', ')} as --env KEY=VALUE: every local user can read the value in /proc/${serve.pid}/cmdline`,
        FIX,
      ),
    )
  }
  return results
}
