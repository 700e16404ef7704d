import type {McpServer} from '@modelcontextprotocol/sdk/server/mcp.js'
import {type LoggingLevel, LoggingLevelSchema, SetLevelRequestSchema} from '@modelcontextprotocol/sdk/types.js'

const severity = (level: LoggingLevel) => LoggingLevelSchema.options.indexOf(level)

/**
 * Server logs: to stderr (stdout belongs to JSON-RPC), and as MCP `notifications/message` once the client
 * has enabled logging with `logging/setLevel`. Never given environment values.
 */
export class ServerLogger {
  private clientLevel?: LoggingLevel

  constructor(
    private readonly server: McpServer,
    private readonly stderrLevel: LoggingLevel = 'warning',
  ) {
    server.server.setRequestHandler(SetLevelRequestSchema, async (request) => {
      this.clientLevel = request.params.level
      return {}
    })
  }

  log(level: LoggingLevel, data: string | Record<string, unknown>): void {
    if (severity(level) >= severity(this.stderrLevel)) {
      process.stderr.write(`codex-mcp [${level}] ${typeof data === 'string' ? data : JSON.stringify(data)}\n`)
    }
    if (this.clientLevel && severity(level) >= severity(this.clientLevel) && this.server.isConnected()) {
      this.server.sendLoggingMessage({level, logger: 'codex-mcp', data}).catch(() => {})
    }
  }
}
