import {mkdtemp, readFile, writeFile} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import path from 'node:path'
import {describe, expect, it} from 'vitest'

import {jobStatusOf} from '../../../src/jobs/job-schema.js'
import {JobStore} from '../../../src/jobs/job-store.js'

const outcome = {status: 'succeeded' as const, output: 'done', durationMs: 1}

describe('JobStore', () => {
  it('derives the job status from its agents', () => {
    const agent = (status: any) => ({index: 0, promptHead: 'p', status})
    expect(jobStatusOf([agent('queued'), agent('queued')])).toBe('queued')
    expect(jobStatusOf([agent('succeeded'), agent('queued')])).toBe('running')
    expect(jobStatusOf([agent('succeeded'), agent('succeeded')])).toBe('succeeded')
    expect(jobStatusOf([agent('succeeded'), agent('failed')])).toBe('partial')
    expect(jobStatusOf([agent('failed'), agent('cancelled')])).toBe('failed')
    expect(jobStatusOf([agent('cancelled')])).toBe('cancelled')
  })

  it('writes finished jobs and reads them back in a new store', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'codex-mcp-jobs-'))
    const store = new JobStore({dir})
    const job = store.create({kind: 'agent', cwd: '/repo', agents: [{promptHead: 'p'}]})
    store.updateAgent(job.jobId, 0, {status: 'succeeded', outcome}, 'succeeded')
    const reloaded = new JobStore({dir}).get(job.jobId)
    expect(reloaded).toMatchObject({status: 'succeeded', agents: [{outcome: {output: 'done'}}]})
    expect(reloaded?.durationMs).toBeGreaterThanOrEqual(0)
  })

  it('marks a job whose server is gone as lost and remembers its agents for reaping', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'codex-mcp-jobs-'))
    const store = new JobStore({dir})
    const job = store.create({kind: 'agent', cwd: '/repo', agents: [{promptHead: 'p'}]})
    store.updateAgent(job.jobId, 0, {status: 'running', agentId: 'agent-1'})
    store.flush()
    const file = path.join(dir, `${job.jobId}.json`)
    const saved = JSON.parse(await readFile(file, 'utf8'))
    await writeFile(file, JSON.stringify({...saved, serverPid: 2 ** 22 + 12345})) // no such process
    const next = new JobStore({dir})
    expect(next.get(job.jobId)).toMatchObject({status: 'lost', agents: [{status: 'lost'}]})
    expect(next.lostAgentIds).toEqual(['agent-1'])
  })

  it('waitUntil resolves on change, or false after the timeout', async () => {
    const store = new JobStore()
    const job = store.create({kind: 'agent', cwd: '/', agents: [{promptHead: 'p'}]})
    const isDone = () => store.get(job.jobId)!.status === 'succeeded'
    expect(await store.waitUntil(isDone, 20)).toBe(false)
    setTimeout(() => store.updateAgent(job.jobId, 0, {status: 'succeeded', outcome}), 10)
    expect(await store.waitUntil(isDone, 5000)).toBe(true)
  })

  it('keeps at most maxFinished finished jobs', () => {
    const store = new JobStore({maxFinished: 2})
    for (let i = 0; i < 4; i++) {
      const job = store.create({kind: 'agent', cwd: '/', agents: [{promptHead: `p${i}`}]})
      store.updateAgent(job.jobId, 0, {status: 'succeeded', outcome})
    }
    expect(store.list()).toHaveLength(2)
  })
})
