import type {Transport} from '@modelcontextprotocol/sdk/shared/transport.js'
import {ErrorCode, type JSONRPCMessage, JSONRPCMessageSchema} from '@modelcontextprotocol/sdk/types.js'

import {defaults} from '../config/schema.js'
import {LineSplitter} from '../runner/line-splitter.js'

/** The SDK's stdio readers drop the connection on a message over 10 MiB: no response may be bigger. */
export const CLIENT_MESSAGE_LIMIT = 10 * 1024 * 1024

type Id = string | number | null

export interface StdioTransportOptions {
  stdin?: NodeJS.ReadableStream
  stdout?: NodeJS.WritableStream
  /** Longest request line read (default 32 MiB); a longer one gets a JSON-RPC error and is dropped. */
  maxRequestBytes?: number
  /** Largest message written (default 10 MiB, what SDK clients read); a larger response becomes an error. */
  maxResponseBytes?: number
  log?: (message: string) => void
}

const ID_AT_END = /"id"\s*:\s*(-?\d+(?:\.\d+)?|"(?:[^"\\]|\\.){0,200}")\s*\}\s*$/
const ID_AT_START = /^\s*\{\s*(?:"jsonrpc"\s*:\s*"[^"]*"\s*,\s*)?"id"\s*:\s*(-?\d+(?:\.\d+)?|"(?:[^"\\]|\\.){0,200}")/

/** The id of a request too large to parse, when it sits at either end of the line (JSON.stringify puts it last). */
function sniffId(head: Buffer, tail: Buffer): Id {
  const match = ID_AT_END.exec(tail.toString('utf8')) ?? ID_AT_START.exec(head.toString('utf8'))
  if (!match) return null
  try {
    return JSON.parse(match[1]) as string | number
  } catch {
    return null
  }
}

const isId = (value: unknown): value is string | number => typeof value === 'string' || (typeof value === 'number' && Number.isFinite(value))

/**
 * A stdio server transport that no input can deafen or take down. Unlike the SDK's StdioServerTransport
 * it reads line by line with a size cap (an oversized request is answered with an error and skipped, the
 * session goes on), answers every malformed request that has an id instead of dropping it (the client
 * would wait forever), and never writes a message larger than the client can read.
 */
export class BoundedStdioTransport implements Transport {
  onclose?: () => void
  onerror?: (error: Error) => void
  onmessage?: (message: JSONRPCMessage) => void

  private readonly stdin: NodeJS.ReadableStream
  private readonly stdout: NodeJS.WritableStream
  private readonly maxRequestBytes: number
  private readonly maxResponseBytes: number
  private readonly log: (message: string) => void
  private readonly lines: LineSplitter
  private readonly onData = (chunk: Buffer) => this.lines.push(chunk)
  private readonly onError = (error: Error) => this.onerror?.(error)

  constructor(options: StdioTransportOptions = {}) {
    this.stdin = options.stdin ?? process.stdin
    this.stdout = options.stdout ?? process.stdout
    this.maxRequestBytes = options.maxRequestBytes ?? defaults.maxRequestBytes
    this.maxResponseBytes = options.maxResponseBytes ?? CLIENT_MESSAGE_LIMIT
    this.log = options.log ?? ((message) => process.stderr.write(`codex-mcp: ${message}\n`))
    this.lines = new LineSplitter(this.maxRequestBytes, (line) => this.handleLine(line), (bytes, ends) => {
      const id = sniffId(ends.head, ends.tail)
      this.log(`dropped a ${bytes}-byte message (over the ${this.maxRequestBytes}-byte limit)`)
      this.reply(id, ErrorCode.InvalidRequest, `Request too large: ${bytes} bytes; this server reads at most ${this.maxRequestBytes} bytes per message. Send less (e.g. fewer or shorter prompts per call, or put material in files).`)
    })
  }

  async start(): Promise<void> {
    this.stdin.on('data', this.onData)
    this.stdin.on('error', this.onError)
  }

  async close(): Promise<void> {
    this.stdin.off('data', this.onData)
    this.stdin.off('error', this.onError)
    this.onclose?.()
  }

  async send(message: JSONRPCMessage): Promise<void> {
    let json = JSON.stringify(message)
    if (Buffer.byteLength(json) + 1 > this.maxResponseBytes) {
      const size = Buffer.byteLength(json)
      if (!('id' in message) || 'method' in message) {
        this.log(`dropped an outgoing ${'method' in message ? message.method : 'message'} of ${size} bytes (over the ${this.maxResponseBytes}-byte limit)`)
        return
      }
      json = JSON.stringify({
        jsonrpc: '2.0',
        id: message.id,
        error: {code: ErrorCode.InternalError, message: `Result too large: ${size} bytes; MCP clients read at most ${this.maxResponseBytes} bytes per message.`},
      })
    }
    await this.write(`${json}\n`)
  }

  private write(text: string): Promise<void> {
    return new Promise((resolve) => {
      if (this.stdout.write(text)) resolve()
      else this.stdout.once('drain', resolve)
    })
  }

  private reply(id: Id, code: number, message: string): void {
    this.write(`${JSON.stringify({jsonrpc: '2.0', id, error: {code, message}})}\n`).catch(() => {})
  }

  private handleLine(rawLine: string): void {
    const line = rawLine.endsWith('\r') ? rawLine.slice(0, -1) : rawLine
    if (line.trim() === '') return
    let raw: unknown
    try {
      raw = JSON.parse(line)
    } catch (error) {
      this.reply(null, ErrorCode.ParseError, `Parse error: ${(error as Error).message}`)
      return
    }
    const parsed = JSONRPCMessageSchema.safeParse(raw)
    if (parsed.success) {
      this.onmessage?.(parsed.data)
      return
    }
    const object = typeof raw === 'object' && raw !== null && !Array.isArray(raw) ? (raw as Record<string, unknown>) : undefined
    const problem = describeProblem(object)
    if (object && 'method' in object && isId(object.id)) {
      this.reply(object.id, problem.code, problem.message)
    } else if (!object || !('method' in object)) {
      if (object && ('result' in object || 'error' in object)) this.log(`ignored a malformed response: ${problem.message}`)
      else this.reply(object && isId(object.id) ? object.id : null, ErrorCode.InvalidRequest, problem.message)
    } else {
      this.log(`ignored a malformed notification: ${problem.message}`)
    }
  }
}

/** What is wrong with a message that is not JSON-RPC 2.0, in the words of the spec. */
function describeProblem(object: Record<string, unknown> | undefined): {code: number; message: string} {
  const invalid = (why: string) => ({code: ErrorCode.InvalidRequest, message: `Invalid Request: ${why}`})
  if (!object) return invalid('expected a JSON-RPC 2.0 object')
  if (object.jsonrpc !== '2.0') return invalid(`"jsonrpc" must be "2.0", got ${JSON.stringify(object.jsonrpc) ?? 'nothing'}`)
  if ('id' in object && !isId(object.id)) return invalid('"id" must be a string or a number')
  if (typeof object.method !== 'string') return invalid('"method" must be a string')
  const params = object.params
  if (params !== undefined && (typeof params !== 'object' || params === null || Array.isArray(params))) {
    return {code: ErrorCode.InvalidParams, message: `Invalid params: "params" must be an object, got ${Array.isArray(params) ? 'an array' : JSON.stringify(params)}`}
  }
  const meta = (params as {_meta?: unknown} | undefined)?._meta
  if (meta !== undefined && (typeof meta !== 'object' || meta === null || Array.isArray(meta))) return {code: ErrorCode.InvalidParams, message: 'Invalid params: "_meta" must be an object'}
  const token = (meta as {progressToken?: unknown} | undefined)?.progressToken
  if (token !== undefined && !(typeof token === 'string' || Number.isInteger(token))) {
    return {code: ErrorCode.InvalidParams, message: `Invalid params: "_meta.progressToken" must be a string or an integer, got ${JSON.stringify(token)}`}
  }
  return {code: ErrorCode.InvalidRequest, message: 'Invalid Request: not a valid JSON-RPC 2.0 message'}
}
