import {createServer} from '../mcp/server.js'
import {watchForShutdown} from '../mcp/shutdown.js'
import {envValuesOnArgv} from '../runner/env.js'
import {BoundedStdioTransport} from '../mcp/stdio-transport.js'
import {serveBanner} from './serve-banner.js'
import {loadSettings, type SettingsFlagValues} from './settings.js'

export type ServeFlagValues = SettingsFlagValues

/**
 * What `serve` does once its flags are parsed, free of oclif: the command and the fast start in bin/run.js
 * (src/cli/fast-serve.ts) both come here. Config file + flags → a server, not connected yet; throws
 * `CodexMcpError` on a bad config.
 */
export async function prepareServe(flags: ServeFlagValues): Promise<{connectStdio(): Promise<void>}> {
  const {config} = await loadSettings(flags)
  const onArgv = envValuesOnArgv((flags.env as string[] | undefined)?.flatMap((pair) => ['--env', pair]) ?? [])
  if (onArgv.length > 0) {
    process.stderr.write(
      `codex-mcp: warning: ${onArgv.join(', ')} given as --env KEY=VALUE: every local user can read it in /proc/${process.pid}/cmdline. Put it in the client's "env" block and pass --env ${onArgv[0]} (no value), or use --env-file.\n`,
    )
  }
  const {server, close} = createServer({config})
  return {
    /** Serves over stdin/stdout until the client goes away (then every agent is killed and the process exits). */
    async connectStdio() {
      watchForShutdown(close)
      await server.connect(new BoundedStdioTransport({maxRequestBytes: config.maxRequestBytes}))
      if (process.stdin.isTTY) process.stderr.write(serveBanner())
    },
  }
}
