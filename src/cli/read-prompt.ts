import {readFile} from 'node:fs/promises'
import {text} from 'node:stream/consumers'

import {CodexMcpError} from '../errors.js'

/** The prompt from the argument, `-` (stdin) or --prompt-file; exactly one of them. */
export async function readPrompt(arg: string | undefined, promptFile: string | undefined): Promise<string> {
  if (arg !== undefined && promptFile) {
    throw new CodexMcpError('Give the prompt either as an argument or with --prompt-file, not both.', {kind: 'invalid-input'})
  }
  if (promptFile) {
    try {
      return await readFile(promptFile, 'utf8')
    } catch (error) {
      throw new CodexMcpError(`Cannot read --prompt-file ${promptFile}: ${(error as Error).message}`, {kind: 'invalid-input'})
    }
  }
  if (arg === '-') return text(process.stdin)
  if (arg === undefined) {
    throw new CodexMcpError('No prompt: pass it as an argument, as `-` to read stdin, or with --prompt-file.', {
      kind: 'invalid-input',
      fix: 'codex-mcp spawn "Add a --verbose flag to the CLI"',
    })
  }
  return arg
}
