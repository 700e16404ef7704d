import {randomUUID} from 'node:crypto'
import {existsSync, readdirSync, readFileSync, rmSync, statSync} from 'node:fs'
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
  /**
   * Keyed texts already in their file, with their length: a finished job's output is the same on every
   * list_agents / wait_agents / get_agent, so it is written once, not on each call (a call then costs what it
   * returns, not what is stored).
   */
  private readonly written = new Map<string, number>()
  private dir?: string

  private tidied = false

  constructor(dir: string | undefined, private readonly maxAgeMs: number) {
    if (!dir) return
    try {
      ensurePrivateDir(dir)
      this.dir = dir
    } catch {
      this.dir = undefined
    }
  }

  /** Forgets outputs older than finished jobs are kept: once, when the first output is saved (not at start-up). */
  private tidy(dir: string): void {
    if (this.tidied) return
    this.tidied = true
    try {
      const oldest = Date.now() - this.maxAgeMs
      for (const file of readdirSync(dir)) {
        const full = path.join(dir, file)
        if (statSync(full).mtimeMs < oldest) rmSync(full, {force: true})
      }
    } catch {}
  }

  /** Keeps `text` under `key` (same key, same place) and says where it is. */
  save(text: string, key: string = randomUUID()): FullOutput {
    const id = ID.test(key) ? key : randomUUID()
    const place: FullOutput = {uri: outputUri(id), chars: text.length}
    if (this.dir) {
      this.tidy(this.dir)
      const file = path.join(this.dir, `${id}.txt`)
      if (this.written.get(id) === text.length && id === key && existsSync(file)) return {...place, path: file}
      try {
        writePrivateFile(file, text)
        this.written.set(id, text.length)
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
