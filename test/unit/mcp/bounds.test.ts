import {PassThrough} from 'node:stream'
import {describe, expect, it} from 'vitest'

import {BoundedStdioTransport} from '../../../src/mcp/stdio-transport.js'
import {fitResultSize} from '../../../src/mcp/tool-results.js'
import {LineSplitter} from '../../../src/runner/line-splitter.js'

describe('LineSplitter', () => {
  it('splits lines across chunks and skips an over-long one without holding it', () => {
    const lines: string[] = []
    const skipped: number[] = []
    const splitter = new LineSplitter(10, (line) => lines.push(line), (bytes) => skipped.push(bytes))
    splitter.push(Buffer.from('ab\ncd'))
    splitter.push(Buffer.from('ef\n0123456789'))
    splitter.push(Buffer.from('0123456789\nlast'))
    splitter.end()
    expect(lines).toEqual(['ab', 'cdef', 'last'])
    expect(skipped).toEqual([20])
  })
})

describe('BoundedStdioTransport.send', () => {
  it('turns a response larger than a client reads into an error with the same id', async () => {
    const stdout = new PassThrough()
    let written = ''
    stdout.on('data', (chunk: Buffer) => (written += chunk.toString('utf8')))
    const transport = new BoundedStdioTransport({stdin: new PassThrough(), stdout, maxResponseBytes: 1000, log: () => {}})
    await transport.send({jsonrpc: '2.0', id: 7, result: {text: 'x'.repeat(2000)}})
    expect(JSON.parse(written)).toMatchObject({id: 7, error: {code: -32603, message: expect.stringContaining('Result too large')}})
  })
})

describe('fitResultSize', () => {
  it('drops the text copy of a result too large to send twice', () => {
    const big = 'y'.repeat(600)
    const result = fitResultSize({content: [{type: 'text', text: big}], structuredContent: {output: big}}, 1000)
    expect(result.structuredContent).toEqual({output: big})
    expect((result.content[0] as {text: string}).text).toMatch(/see structuredContent/)
  })
})
