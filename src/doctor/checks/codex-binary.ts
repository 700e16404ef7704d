import {CodexMcpError} from '../../errors.js'
import type {CodexBinary} from '../../runner/resolve-codex.js'
import type {DoctorContext} from '../context.js'
import {check, type CheckResult} from '../types.js'

export function describeSource(binary: CodexBinary, configFile?: string): string {
  switch (binary.source) {
    case 'config':
      return `"codexPath" in ${configFile ?? 'the codex-mcp config'}`
    case 'env':
      return 'CODEX_MCP_CODEX_PATH'
    case 'path':
      return 'PATH'
    case 'npm-package':
      return 'the @openai/codex package installed next to codex-mcp'
  }
}

/** The binary the runner would start (its own resolution, not a copy), and where it came from. */
export function codexBinaryCheck(ctx: Pick<DoctorContext, 'binary' | 'codexMcpConfig'>): CheckResult {
  const {binary} = ctx
  if (binary instanceof CodexMcpError) return check('codex-binary', 'fail', binary.shortMessage, binary.fix)
  const where = binary.foundAt === binary.file ? '' : `, found at ${binary.foundAt}`
  const native = binary.native ? '; native binary, no Node wrapper' : ''
  return check('codex-binary', 'pass', `Codex binary: ${binary.file} (from ${describeSource(binary, ctx.codexMcpConfig.filepath)}${where}${native})`)
}
