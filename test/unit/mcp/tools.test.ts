import {describe, expect, it} from 'vitest'

import {tools} from '../../../src/mcp/tools/index.js'
import {limitsOf} from '../../../src/mcp/tools/tool.js'

describe('tool definitions (src/mcp/tools/)', () => {
  const limits = limitsOf({})

  it('are named once each', () => {
    const names = tools.map((tool) => tool.name)
    expect(new Set(names).size).toBe(names.length)
  })

  it.each(tools.map((tool) => [tool.name, tool] as const))('%s: its failure shape is a valid result under its own outputSchema', (_name, tool) => {
    const {outputSchema, description} = tool.config(limits)
    expect(outputSchema.safeParse(tool.failure('Invalid arguments: x')).success).toBe(true)
    // The engine may be app-server: the model is not told every agent is a `codex exec`.
    expect(description).not.toMatch(/codex exec/)
  })

  it('spawn_agents_parallel and start_agents take the same number of agents, the server\'s limit', () => {
    const max = (name: string, maxAgents: number) => {
      const {inputSchema} = tools.find((tool) => tool.name === name)!.config({...limits, maxAgents})
      return (agents: number) => inputSchema.shape.agents.safeParse(Array.from({length: agents}, () => ({prompt: 'x'}))).success
    }
    for (const name of ['spawn_agents_parallel', 'start_agents']) {
      expect(max(name, 32)(32)).toBe(true)
      expect(max(name, 32)(33)).toBe(false)
      expect(max(name, 3)(4)).toBe(false)
      expect(max(name, 3)(0)).toBe(false)
    }
  })
})
