/**
 * A stub Anthropic Messages API on 127.0.0.1 for the real Claude Code, scripted like a model that uses MCP tools.
 *
 * The first user message scripts the conversation with directives (in order):
 *   [[call:TOOL:JSON]]   call the MCP tool TOOL (of the server `server`) with JSON arguments
 *   [[follow-next]]      while the last tool result's structuredContent has `next: {tool, arguments}`, make that call
 * Before the first call of a tool the stub selects it with Claude Code's ToolSearch
 * (`{"query": "select:mcp__<server>__<tool>"}`): Claude Code defers MCP tools behind it.
 * When the script is done it answers with a text that quotes the last tool result.
 * Every request body is recorded, so a test can assert exactly what the model was shown.
 */
import http from 'node:http'
import type {AddressInfo} from 'node:net'

import {readJsonBody} from './json-body.js'

export interface AnthropicRequest {
  path: string
  body: any
}

/** One tool result as the model saw it. */
export interface SeenToolResult {
  tool: string
  input: unknown
  /** The tool_result content as text (Claude Code sends MCP results as text blocks). */
  text: string
  isError: boolean
}

export interface StubAnthropic {
  url: string
  requests: AnthropicRequest[]
  /** Requests of the scripted conversation (they offer ToolSearch), in order. */
  conversation(marker: string): AnthropicRequest[]
  /** The tool results of the conversation whose first user message contains `marker`, in call order. */
  toolResults(marker: string): SeenToolResult[]
  close(): Promise<void>
}

type Block = {type: string; text?: string; id?: string; name?: string; input?: unknown; tool_use_id?: string; content?: unknown; is_error?: boolean}
type Message = {role: string; content: string | Block[]}

const blocks = (message: Message): Block[] => (typeof message.content === 'string' ? [{type: 'text', text: message.content}] : message.content)

const contentText = (content: unknown): string =>
  typeof content === 'string' ? content : Array.isArray(content) ? content.map((c: Block) => (c.type === 'text' ? c.text ?? '' : `[${c.type}]`)).join('') : ''

function firstUserText(body: any): string {
  const first = (body?.messages ?? []).find((m: Message) => m.role === 'user')
  return first ? blocks(first).filter((b) => b.type === 'text').map((b) => b.text).join('\n') : ''
}

/** Every tool call of the conversation so far, with its result. */
function calls(body: any): Array<{name: string; input: any; result?: Block}> {
  const out: Array<{name: string; input: any; id: string; result?: Block}> = []
  for (const message of body?.messages ?? []) {
    for (const block of blocks(message)) {
      if (block.type === 'tool_use') out.push({name: block.name!, input: block.input, id: block.id!})
      if (block.type === 'tool_result') {
        const call = out.find((c) => c.id === block.tool_use_id)
        if (call) call.result = block
      }
    }
  }
  return out
}

type Step = {tool: string; args: unknown} | {follow: true}

function parseScript(text: string): Step[] {
  const steps: Step[] = []
  for (const match of text.matchAll(/\[\[(call|follow-next)(?::([a-z_]+):([\s\S]*?))?\]\]/g)) {
    if (match[1] === 'follow-next') steps.push({follow: true})
    else steps.push({tool: match[2], args: JSON.parse(match[3])})
  }
  return steps
}

/** The structuredContent Claude Code showed the model, parsed (it sends it as JSON text). */
function structured(result: Block | undefined): any {
  try {
    return JSON.parse(contentText(result?.content))
  } catch {
    return undefined
  }
}

/** What the scripted model does next: a tool call, or its final answer. */
function decide(body: any, server: string): {tool: string; input: unknown} | {text: string} {
  const script = parseScript(firstUserText(body))
  const mcpCalls = calls(body).filter((c) => c.name.startsWith(`mcp__${server}__`))
  const all = calls(body)
  const selected = new Set(all.filter((c) => c.name === 'ToolSearch').map((c) => String(c.input?.query ?? '').replace(/^select:/, '')))
  // Walk the script against the MCP calls already made.
  let made = 0
  let wanted: {tool: string; args: unknown} | undefined
  for (const step of script) {
    if ('tool' in step) {
      if (made < mcpCalls.length) {
        made++
        continue
      }
      wanted = step
      break
    }
    // follow-next: each result that names a next call is followed by that call.
    for (;;) {
      const next = made > 0 ? structured(mcpCalls[made - 1].result)?.next : undefined
      if (!next) break
      if (made < mcpCalls.length) {
        made++
        continue
      }
      wanted = {tool: next.tool, args: next.arguments}
      break
    }
    if (wanted) break
  }
  if (wanted) {
    const full = `mcp__${server}__${wanted.tool}`
    if (!selected.has(full)) return {tool: 'ToolSearch', input: {query: `select:${full}`}}
    return {tool: full, input: wanted.args}
  }
  const last = mcpCalls.at(-1)
  return {text: last ? `The tool said: ${contentText(last.result?.content)}` : 'Nothing to do.'}
}

function sse(res: http.ServerResponse, events: Array<Record<string, unknown>>): void {
  res.writeHead(200, {'content-type': 'text/event-stream', 'cache-control': 'no-cache'})
  for (const event of events) res.write(`event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`)
  res.end()
}

let ids = 0

function reply(res: http.ServerResponse, body: any, answer: {tool: string; input: unknown} | {text: string}): void {
  const id = `msg_stub_${++ids}`
  const usage = {input_tokens: 10, output_tokens: 5, cache_creation_input_tokens: 0, cache_read_input_tokens: 0}
  const block = 'tool' in answer ? {type: 'tool_use', id: `toolu_stub_${ids}`, name: answer.tool, input: answer.input} : {type: 'text', text: answer.text}
  const stopReason = 'tool' in answer ? 'tool_use' : 'end_turn'
  const message = {id, type: 'message', role: 'assistant', model: body?.model ?? 'stub', stop_reason: stopReason, stop_sequence: null, usage}
  if (!body?.stream) {
    res.writeHead(200, {'content-type': 'application/json'}).end(JSON.stringify({...message, content: [block]}))
    return
  }
  const start = block.type === 'tool_use' ? {...block, input: {}} : {type: 'text', text: ''}
  const delta = 'tool' in answer ? {type: 'input_json_delta', partial_json: JSON.stringify(answer.input)} : {type: 'text_delta', text: answer.text}
  sse(res, [
    {type: 'message_start', message: {...message, content: [], stop_reason: null, usage: {...usage, output_tokens: 1}}},
    {type: 'content_block_start', index: 0, content_block: start},
    {type: 'content_block_delta', index: 0, delta},
    {type: 'content_block_stop', index: 0},
    {type: 'message_delta', delta: {stop_reason: stopReason, stop_sequence: null}, usage: {output_tokens: 5}},
    {type: 'message_stop'},
  ])
}

export async function startStubAnthropic(server = 'subagents'): Promise<StubAnthropic> {
  const requests: AnthropicRequest[] = []
  const sockets = new Set<import('node:net').Socket>()
  const http_ = http.createServer(async (req, res) => {
    const body = await readJsonBody(req)
    const path = req.url ?? ''
    requests.push({path, body})
    if (path.includes('/count_tokens')) {
      res.writeHead(200, {'content-type': 'application/json'}).end(JSON.stringify({input_tokens: 100}))
      return
    }
    if (!path.startsWith('/v1/messages')) {
      res.writeHead(404, {'content-type': 'application/json'}).end(JSON.stringify({type: 'error', error: {type: 'not_found_error', message: 'stub'}}))
      return
    }
    const scripted = (body?.tools ?? []).some((t: {name?: string}) => t.name === 'ToolSearch')
    reply(res, body, scripted ? decide(body, server) : {text: 'ok'})
  })
  // Claude Code reuses keep-alive sockets across long tool calls: Node's 5-s default closes them under it.
  http_.keepAliveTimeout = 300_000
  http_.on('connection', (socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
  })
  await new Promise<void>((resolve) => http_.listen(0, '127.0.0.1', resolve))
  const {port} = http_.address() as AddressInfo
  const conversation = (marker: string) =>
    requests.filter((r) => (r.body?.tools ?? []).some((t: {name?: string}) => t.name === 'ToolSearch') && firstUserText(r.body).includes(marker))
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    conversation,
    toolResults(marker) {
      const last = conversation(marker).at(-1)
      return calls(last?.body)
        .filter((c) => c.name.startsWith(`mcp__${server}__`))
        .map((c) => ({tool: c.name.slice(`mcp__${server}__`.length), input: c.input, text: contentText(c.result?.content), isError: c.result?.is_error === true}))
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy()
        http_.close(() => resolve())
      }),
  }
}
