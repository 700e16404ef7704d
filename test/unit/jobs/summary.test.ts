import {describe, expect, it} from 'vitest'

import {jobToolResult} from '../../../src/mcp/job-results.js'
import {agentRef, batchStatus, batchSummary, countsText, groupStatus, outcomeWithout, overlapsOf} from '../../../src/jobs/summary.js'
import type {Job} from '../../../src/jobs/job-schema.js'
import {jobStatusOf} from '../../../src/jobs/job-schema.js'
import type {AgentOutcome} from '../../../src/runner/agent-outcome.js'

const changed = (...paths: string[]): AgentOutcome => ({status: 'succeeded', output: '', durationMs: 1, repoRoot: '/repo', changedFiles: paths.map((path) => ({path, status: 'modified'}))}) as AgentOutcome

describe('one rule for status roll-ups (src/jobs/summary.ts)', () => {
  it.each([
    [['queued', 'queued'], 'queued'],
    [['succeeded', 'queued'], 'running'],
    [['running', 'failed'], 'running'],
    [['succeeded', 'succeeded'], 'succeeded'],
    [['succeeded', 'cancelled'], 'partial'],
    [['failed', 'lost'], 'lost'],
    [['cancelled', 'cancelled'], 'cancelled'],
    [['failed', 'cancelled'], 'failed'],
  ] as const)('%j → %s for jobs and batches alike', (statuses, expected) => {
    expect(groupStatus(statuses)).toBe(expected)
    const agents = statuses.map((status, index) => ({index, promptHead: 'p', status}))
    expect(jobStatusOf(agents)).toBe(expected)
    if (statuses.every((status) => ['succeeded', 'failed', 'cancelled'].includes(status))) expect(batchStatus(statuses.map((status) => ({status: status as AgentOutcome['status']})))).toBe(expected)
  })

  it('a cancelled agent is cancelled everywhere, with kind cancelled, whether or not it ran', () => {
    const outcome = outcomeWithout('cancelled')
    expect(outcome.status).toBe('cancelled')
    expect(outcome.error?.kind).toBe('cancelled')
    expect(outcomeWithout('lost').status).toBe('cancelled')
    const job: Job = {
      jobId: 'j1',
      kind: 'batch',
      status: 'partial',
      cwd: '/repo',
      createdAt: new Date(0).toISOString(),
      agents: [
        {index: 0, promptHead: 'a', status: 'succeeded', outcome: {status: 'succeeded', output: 'ok', durationMs: 5}},
        {index: 1, promptHead: 'b', status: 'cancelled'},
      ],
      log: [],
      serverPid: process.pid,
    }
    const result = jobToolResult(job, (outcome) => outcome)
    const structured = result.structuredContent as {status: string; summary: Record<string, number>; agents: Array<{status: string; error?: {kind: string}}>}
    expect(structured.status).toBe('partial')
    expect(structured.summary).toEqual({total: 2, succeeded: 1, failed: 0, cancelled: 1})
    expect(structured.agents[1]).toMatchObject({status: 'cancelled', error: {kind: 'cancelled'}})
  })

  it('counts in words: succeeded always, the others when there are some', () => {
    expect(countsText(['succeeded', 'failed', 'failed'])).toBe('1 succeeded, 2 failed')
    expect(countsText(['cancelled'])).toBe('0 succeeded, 1 cancelled')
    expect(batchSummary(['succeeded', 'lost'])).toEqual({total: 2, succeeded: 1, failed: 0, cancelled: 1})
  })

  it('finds overlaps keyed as the caller names its agents', () => {
    expect(overlapsOf([{key: 0, outcome: changed('a.ts', 'b.ts')}, {key: 1, outcome: changed('b.ts')}, {key: 2}])).toEqual([{path: 'b.ts', agents: [0, 1]}])
    const batch = {jobId: 'j2', kind: 'batch' as const}
    const single = {jobId: 'j3', kind: 'agent' as const}
    expect(overlapsOf([{key: agentRef(batch, 1), outcome: changed('x')}, {key: agentRef(single, 0), outcome: changed('x')}])).toEqual([{path: 'x', agents: ['j2#1', 'j3']}])
  })
})
