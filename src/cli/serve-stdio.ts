import {StdioServerTransport} from '@modelcontextprotocol/sdk/server/stdio.js'

import {createServer} from '../mcp/server.js'
import {watchForShutdown} from '../mcp/shutdown.js'
import {serveBanner} from './serve-banner.js'
import {loadSettings, type SettingsFlagValues} from './settings.js'

export type ServeFlagValues = SettingsFlagValues & {'max-concurrency'?: number; heartbeat?: number}

/**
 * What `serve` does once its flags are parsed, free of oclif: the command and the fast start in bin/run.js
 * (src/cli/fast-serve.ts) both come here. Config file + flags → a server, not connected yet; throws
 * `CodexMcpError` on a bad config.
 */
export async function prepareServe(flags: ServeFlagValues): Promise<{connectStdio(): Promise<void>}> {
  const {config} = await loadSettings(flags, {maxConcurrency: flags['max-concurrency'], heartbeatMs: flags.heartbeat})
  const {server, close} = createServer({config})
  return {
    /** Serves over stdin/stdout until the client goes away (then every agent is killed and the process exits). */
    async connectStdio() {
      watchForShutdown(close)
      await server.connect(new StdioServerTransport())
      if (process.stdin.isTTY) process.stderr.write(serveBanner())
    },
  }
}
