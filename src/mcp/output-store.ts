import {randomUUID} from 'node:crypto'
import {readdirSync, readFileSync, rmSync, statSync} from 'node:fs'
import path from 'node:path'

import {type McpServer, ResourceTemplate} from '@modelcontextprotocol/sdk/server/mcp.js'

import {ensurePrivateDir, writePrivateFile} from '../state/private-file.js'
import type {AgentOutcome} from '../runner/agent-outcome.js'

export const outputUri = (id: string) => `codex-mcp://outputs/${id}`
const ID = /^[A-Za-z0-9-]{1,100}$/
const MEMORY_ENTRIES = 20
/** A resource read is one message too: at most this much of a full text, the rest stays in the file. */
const RESOURCE_CHARS = 2_000_000

export interface FullOutput {
  uri: string
  path?: string
  chars: number
}

/**
 * Full final messages that were too long for a tool result: a file each in `<stateDir>/outputs/` (kept as
 * long as finished jobs) and a resource `codex-mcp://outputs/<id>`. Without a usable state dir, the newest
 * few stay in memory.
 */
export class OutputStore {
  private readonly memory = new Map<string, string>()
  private dir?: string

  constructor(dir: string | undefined, maxAgeMs: number) {
    if (!dir) return
    try {
      ensurePrivateDir(dir)
      const oldest = Date.now() - maxAgeMs
      for (const file of readdirSync(dir)) {
        const full = path.join(dir, file)
        if (statSync(full).mtimeMs < oldest) rmSync(full, {force: true})
      }
      this.dir = dir
    } catch {
      this.dir = undefined
    }
  }

  /** Keeps `text` under `key` (same key, same place) and says where it is. */
  save(text: string, key: string = randomUUID()): FullOutput {
    const id = ID.test(key) ? key : randomUUID()
    const place: FullOutput = {uri: outputUri(id), chars: text.length}
    if (this.dir) {
      const file = path.join(this.dir, `${id}.txt`)
      try {
        writePrivateFile(file, text)
        return {...place, path: file}
      } catch {}
    }
    this.memory.delete(id)
    this.memory.set(id, text)
    if (this.memory.size > MEMORY_ENTRIES) this.memory.delete(this.memory.keys().next().value!)
    return place
  }

  read(id: string): string | undefined {
    if (!ID.test(id)) return undefined
    if (this.memory.has(id)) return this.memory.get(id)
    if (!this.dir) return undefined
    try {
      return readFileSync(path.join(this.dir, `${id}.txt`), 'utf8')
    } catch {
      return undefined
    }
  }

  /**
   * `outcome` with its output cut to `maxChars`: the head, a note of what was left out and where the whole
   * text is, `outputTruncated: true` and `fullOutput`. Unchanged when it fits.
   */
  bound<T extends AgentOutcome>(outcome: T, maxChars: number, key?: string): T {
    if (outcome.output.length <= maxChars) return outcome
    const full = this.save(outcome.output, key)
    const where = `${full.uri}${full.path ? ` (file ${full.path})` : ''}`
    const note = `\n\n[… output truncated: showing ${maxChars} of ${full.chars} characters. The full text: ${where}]`
    let head = outcome.output.slice(0, Math.max(0, maxChars - note.length))
    if (/[\uD800-\uDBFF]$/.test(head)) head = head.slice(0, -1) // never split a surrogate pair
    return {...outcome, output: head + note, outputTruncated: true, fullOutput: full}
  }

  register(server: McpServer): void {
    server.registerResource(
      'output',
      new ResourceTemplate('codex-mcp://outputs/{id}', {list: undefined}),
      {title: 'An agent\'s full final message', description: 'The full text of an output that was truncated in a tool result.', mimeType: 'text/plain'},
      async (uri, {id}) => {
        const text = this.read(String(id))
        if (text === undefined) throw new Error(`No output ${id} on this server (outputs are kept as long as finished jobs).`)
        const shown = text.length > RESOURCE_CHARS ? `${text.slice(0, RESOURCE_CHARS)}\n\n[… ${text.length - RESOURCE_CHARS} more characters in the file]` : text
        return {contents: [{uri: uri.href, mimeType: 'text/plain', text: shown}]}
      },
    )
  }
}

/** Each agent's share of one result's `maxOutputChars`. */
export const perAgentBudget = (maxOutputChars: number, agents: number) => Math.max(1000, Math.floor(maxOutputChars / Math.max(1, agents)))
