/**
 * A stub OpenAI Responses API provider for the real Codex CLI, on 127.0.0.1.
 *
 * The user's prompt scripts the reply with directives (anywhere in the prompt):
 *   [[reply:TEXT]]        answer TEXT (default: "echo: <prompt>")
 *   [[slow:MS]]           wait MS before answering (keepalive comments meanwhile)
 *   [[status:CODE]]       answer with HTTP CODE and a JSON error body
 *   [[failed]]            stream `response.failed`
 *   [[shell:COMMAND]]     first call the shell tool with COMMAND, then answer with its output
 *   [[patch:HUNKS]]       first call Codex's apply_patch tool (offered to models it knows, e.g. "gpt-5.5")
 *                         with HUNKS between `*** Begin Patch` and `*** End Patch`, then answer with its
 *                         output; with [[shell:…]] too, the patch goes first
 *   [[escalate:COMMAND]]  the same, asking to run it outside the sandbox (sandbox_permissions
 *                         "require_escalated"): with an approval policy Codex asks its client first
 *   [[mcp:NS/TOOL:JSON]]  first call an MCP tool (namespace NS) with JSON arguments, then answer
 *                         with the tool's output
 *   [[follow:NS/TOOL:JSON]] call an MCP tool, then — like a model acting on the result — make the call the
 *                         tool's structuredContent names in `next` while it names one; then answer with the last output
 *   [[delegate:NS:N:TAG]] with N > 0, call NS's spawn_agent with the prompt [[delegate:NS:N-1:TAG]], then answer
 *                         with its output; with N = 0, answer "leaf TAG" (a chain of agents N levels deep)
 *   [[poll-job:NS:PROMPT]] call NS's start_agent with PROMPT, then wait_agents (timeoutSeconds 3) on the
 *                         job until it is done, then answer with the last output
 * `<<name:value>>` is the same as `[[name:value]]`: it nests inside another directive's value.
 * Every request is recorded, with the peak number of requests in flight.
 */
import http from 'node:http'
import type {AddressInfo} from 'node:net'

import {readJsonBody} from './json-body.js'

export interface RecordedRequest {
  path: string
  headers: http.IncomingHttpHeaders
  body: any
  prompt: string | undefined
  /** Date.now() when the request arrived and when its answer ended. */
  startedAt: number
  endedAt?: number
}

export interface StubProvider {
  url: string
  port: number
  requests: RecordedRequest[]
  peakConcurrency: number
  /** Requests whose prompt contains this text. */
  requestsFor(marker: string): RecordedRequest[]
  close(): Promise<void>
}

type InputItem = {type?: string; role?: string; content?: Array<{type: string; text?: string}>; output?: unknown}

export function lastUserPrompt(body: any): string | undefined {
  const input: InputItem[] = Array.isArray(body?.input) ? body.input : []
  for (let i = input.length - 1; i >= 0; i--) {
    const item = input[i]
    if (item.type === 'message' && item.role === 'user') {
      const text = (item.content ?? []).filter((c) => c.type === 'input_text').map((c) => c.text ?? '').join('')
      if (!text.startsWith('<environment_context>') && !text.startsWith('# AGENTS.md')) return text
    }
  }
  return undefined
}

function directive(prompt: string, name: string): string | undefined {
  const match = new RegExp(`\\[\\[${name}(?::([\\s\\S]*?))?\\]\\]|<<${name}(?::([\\s\\S]*?))?>>`).exec(prompt)
  return match ? (match[1] ?? match[2] ?? '') : undefined
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

export async function startStubProvider(): Promise<StubProvider> {
  const requests: RecordedRequest[] = []
  let inFlight = 0
  let peakConcurrency = 0
  let counter = 0
  const sockets = new Set<import('node:net').Socket>()

  const server = http.createServer(async (req, res) => {
    const body = await readJsonBody(req)
    const prompt = lastUserPrompt(body)
    const record: RecordedRequest = {path: req.url ?? '', headers: req.headers, body, prompt, startedAt: Date.now()}
    requests.push(record)
    res.once('close', () => (record.endedAt = Date.now()))
    if (!req.url?.endsWith('/responses')) {
      res.writeHead(404).end()
      return
    }
    inFlight++
    peakConcurrency = Math.max(peakConcurrency, inFlight)
    try {
      await respond(body, prompt ?? '', res, ++counter)
    } finally {
      inFlight--
    }
  })
  server.on('connection', (socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const {port} = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}/v1`,
    port,
    requests,
    get peakConcurrency() {
      return peakConcurrency
    },
    requestsFor: (marker) => requests.filter((r) => r.prompt?.includes(marker)),
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy()
        server.close(() => resolve())
      }),
  }
}

async function respond(body: any, prompt: string, res: http.ServerResponse, n: number): Promise<void> {
  const status = directive(prompt, 'status')
  if (status) {
    res.writeHead(Number(status), {'content-type': 'application/json'})
    res.end(JSON.stringify({error: {message: `stub error ${status}`, type: 'invalid_request_error', code: 'stub_error'}}))
    return
  }
  res.writeHead(200, {'content-type': 'text/event-stream', 'cache-control': 'no-cache'})
  const send = (type: string, data: object) => res.write(`event: ${type}\ndata: ${JSON.stringify({type, ...data})}\n\n`)
  const responseId = `resp_${n}`
  send('response.created', {response: {id: responseId, status: 'in_progress'}})

  // poll-job's and follow's values hold a prompt for another agent: its directives are not ours.
  const slow = directive(prompt, 'poll-job') === undefined && directive(prompt, 'follow') === undefined ? directive(prompt, 'slow') : undefined
  if (slow) {
    const until = Date.now() + Number(slow)
    while (Date.now() < until && !res.destroyed) {
      res.write(': keepalive\n\n')
      await sleep(Math.min(200, until - Date.now()))
    }
  }
  if (res.destroyed) return

  if (directive(prompt, 'failed') !== undefined) {
    send('response.failed', {response: {id: responseId, status: 'failed', error: {code: 'server_error', message: 'stub response.failed'}}})
    res.end()
    return
  }

  const input: InputItem[] = Array.isArray(body?.input) ? body.input : []
  const last = input.at(-1)
  const toolOutput = last?.type === 'function_call_output' || last?.type === 'custom_tool_call_output' ? last.output : undefined
  // Only this turn's tool calls count: a resumed thread's input holds the earlier turns too.
  const thisTurn = input.slice(input.findLastIndex((item) => item.type === 'message' && item.role === 'user') + 1)
  const patched = thisTurn.some((item) => item.type === 'custom_tool_call_output')
  const shelled = thisTurn.some((item) => item.type === 'function_call_output')
  const patch = directive(prompt, 'patch')
  const escalate = directive(prompt, 'escalate')
  const shell = directive(prompt, 'shell') ?? escalate
  const mcp = directive(prompt, 'mcp')
  const pollJob = directive(prompt, 'poll-job')
  const outputs = input.filter((item) => item.type === 'function_call_output').map((item) => outputText(item.output))

  const delegate = directive(prompt, 'delegate')
  if (delegate !== undefined) {
    const [, ns, depth, tag] = /^([^:]+):(\d+):([\s\S]*)$/.exec(delegate) ?? []
    if (Number(depth) === 0) {
      sendMessage(send, responseId, n, `leaf ${tag}`)
    } else if (toolOutput === undefined) {
      sendFunctionCall(send, responseId, n, {name: 'spawn_agent', namespace: ns, arguments: JSON.stringify({prompt: `[[delegate:${ns}:${Number(depth) - 1}:${tag}]]`})})
    } else {
      sendMessage(send, responseId, n, `tool said: ${outputText(toolOutput)}`)
    }
    res.end()
    return
  }
  const follow = directive(prompt, 'follow')
  if (follow !== undefined) {
    const [, ns, tool, args] = /^([^/]+)\/([^:]+):([\s\S]*)$/.exec(follow) ?? []
    const next = outputs.length === 0 ? {tool, arguments: JSON.parse(args)} : structuredOf(outputs.at(-1)!)?.next
    if (next) {
      sendFunctionCall(send, responseId, n, {name: next.tool, namespace: ns, arguments: JSON.stringify(next.arguments)})
      res.end()
      return
    }
  }
  if (pollJob !== undefined) {
    const [, ns, innerPrompt] = /^([^:]+):([\s\S]*)$/.exec(pollJob) ?? []
    const jobId = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/.exec(outputs[0] ?? '')?.[0]
    const last = outputs.at(-1) ?? ''
    if (outputs.length === 0) {
      sendFunctionCall(send, responseId, n, {name: 'start_agent', namespace: ns, arguments: JSON.stringify({prompt: innerPrompt})})
      res.end()
      return
    }
    if (outputs.length === 1 || !/"done":\s*true|^Done:/m.test(last)) {
      sendFunctionCall(send, responseId, n, {name: 'wait_agents', namespace: ns, arguments: JSON.stringify({jobIds: [jobId], timeoutSeconds: 3})})
      res.end()
      return
    }
  }
  if (patch !== undefined && !patched) {
    const item = {type: 'custom_tool_call', id: `ctc_${n}`, call_id: `call_${n}`, status: 'completed', name: 'apply_patch', input: `*** Begin Patch\n${patch.replace(/\n?$/, '\n')}*** End Patch\n`}
    send('response.output_item.done', {output_index: 0, item})
    sendCompleted(send, responseId)
  } else if (shell !== undefined && !shelled) {
    const escalation: Record<string, string> = escalate !== undefined ? {sandbox_permissions: 'require_escalated', justification: 'the stub asks to run this outside the sandbox'} : {}
    sendFunctionCall(send, responseId, n, shellCall(body, shell, escalation))
  } else if (toolOutput === undefined && mcp !== undefined) {
    const [, ns, tool, args] = /^([^/]+)\/([^:]+):([\s\S]*)$/.exec(mcp) ?? []
    sendFunctionCall(send, responseId, n, {name: tool, namespace: ns, arguments: args})
  } else {
    const text =
      toolOutput !== undefined
        ? `tool said: ${outputText(toolOutput)}`
        : (directive(prompt, 'reply') ?? `echo: ${prompt}`)
    const item = {type: 'message', role: 'assistant', id: `msg_${n}`, status: 'completed', content: [{type: 'output_text', text, annotations: []}]}
    send('response.output_item.done', {output_index: 0, item})
    sendCompleted(send, responseId)
  }
  res.end()
}

/** Codex 0.169 hands its model an MCP result's structuredContent as JSON after "Wall time: …\nOutput:\n". */
function structuredOf(output: string): any {
  try {
    return JSON.parse(output.slice(output.indexOf('{')))
  } catch {
    return undefined
  }
}

/**
 * A call of the shell tool this Codex offers in the request's `tools`: `exec_command` (seen in 0.100, 0.140, 0.169)
 * or the older `shell` that takes argv (0.47).
 */
function shellCall(body: any, command: string, extra: Record<string, string> = {}): Record<string, string> {
  const offered = new Set<string>((Array.isArray(body?.tools) ? body.tools : []).map((tool: {name?: string}) => tool.name))
  if (!offered.has('exec_command') && offered.has('shell')) {
    return {name: 'shell', arguments: JSON.stringify({command: ['bash', '-lc', command], timeout_ms: 600_000})}
  }
  return {name: 'exec_command', arguments: JSON.stringify({cmd: command, yield_time_ms: 10_000, ...extra})}
}

function outputText(output: unknown): string {
  if (typeof output === 'string') return output
  return JSON.stringify(output)
}

function sendFunctionCall(send: (type: string, data: object) => void, responseId: string, n: number, call: Record<string, string>) {
  const item = {type: 'function_call', id: `fc_${n}`, call_id: `call_${n}`, status: 'completed', ...call}
  send('response.output_item.done', {output_index: 0, item})
  sendCompleted(send, responseId)
}

function sendMessage(send: (type: string, data: object) => void, responseId: string, n: number, text: string) {
  const item = {type: 'message', role: 'assistant', id: `msg_${n}`, status: 'completed', content: [{type: 'output_text', text, annotations: []}]}
  send('response.output_item.done', {output_index: 0, item})
  sendCompleted(send, responseId)
}

function sendCompleted(send: (type: string, data: object) => void, responseId: string) {
  send('response.completed', {
    response: {
      id: responseId,
      status: 'completed',
      usage: {
        input_tokens: 100,
        input_tokens_details: {cached_tokens: 0},
        output_tokens: 10,
        output_tokens_details: {reasoning_tokens: 0},
        total_tokens: 110,
      },
    },
  })
}
