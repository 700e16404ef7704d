import {BaseCommand} from '../cli/base-command.js'
import {settingFlagsFor} from '../cli/flags.js'

/** The tools the built server registers, put in by scripts/bundle-cli.mjs (absent when run from src/ by bin/dev.js). */
declare const __CODEX_MCP_TOOLS__: Array<{name: string; title?: string}> | undefined

function toolList(): string {
  if (typeof __CODEX_MCP_TOOLS__ === 'undefined') return 'Tools: listed in the built command (npm run build).'
  const width = Math.max(...__CODEX_MCP_TOOLS__.map((tool) => tool.name.length))
  return ['Tools:', ...__CODEX_MCP_TOOLS__.map((tool) => `  ${tool.name.padEnd(width)}  ${tool.title ?? ''}`.trimEnd())].join('\n')
}

export default class Serve extends BaseCommand {
  static runsAgents = true
  static summary = 'Run the stdio MCP server that lets an MCP client delegate work to Codex agents.'
  static description = `Speaks MCP over stdin/stdout (stdout carries JSON-RPC only; logs go to stderr). An MCP client starts it; on a terminal it says so on stderr and keeps serving.

${toolList()}

Configure it in your MCP client as {"command": "codex-mcp", "args": ["serve"]} (or the absolute path of bin/run.js when codex-mcp is not on PATH). Flags set the defaults for every agent; tool arguments override them. --env passes a provider's env_key credential to Codex.`

  static examples = [
    '<%= config.bin %> <%= command.id %>',
    '<%= config.bin %> <%= command.id %> --max-concurrency 8 --timeout 20m --heartbeat 10s',
    '<%= config.bin %> <%= command.id %> --env OPENROUTER_API_KEY=sk-... --model gpt-5-codex',
    'claude mcp add codex -- <%= config.bin %> <%= command.id %>',
  ]

  static flags = settingFlagsFor('serve')

  async run(): Promise<void> {
    // bin/run.js usually starts serve without oclif (src/cli/fast-serve.ts); both paths go through prepareServe.
    const {flags} = await this.parse(Serve)
    const {prepareServe} = await import('../cli/serve-stdio.js')
    const serve = await prepareServe(flags)
    await serve.connectStdio()
  }
}
