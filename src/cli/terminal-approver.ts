import {createInterface} from 'node:readline/promises'

import {type ApprovalAnswer, type Approver, describeApproval} from '../runner/engines/approvals.js'

/**
 * Asks the person at the terminal (approvals "ask" on `spawn`): y/N on stderr, answer on stdin. Without a
 * terminal on both (a piped prompt, CI) nobody can be asked, so the request is declined. One question at a
 * time; `around` pauses a spinner while it is asked.
 */
export function terminalApprover(around: <T>(ask: () => Promise<T>) => Promise<T> = (ask) => ask()): Approver {
  let queue: Promise<unknown> = Promise.resolve()
  return (request, signal) => {
    if (!process.stdin.isTTY || !process.stderr.isTTY) return Promise.resolve<ApprovalAnswer>({decision: 'decline', decidedBy: 'unsupported'})
    const asked = queue.then(() =>
      around(async (): Promise<ApprovalAnswer> => {
        const rl = createInterface({input: process.stdin, output: process.stderr})
        try {
          const answer = await rl.question(`${describeApproval(request)}.\nAllow it? [y/N] `, {signal})
          return {decision: /^\s*y(es)?\s*$/i.test(answer) ? 'accept' : 'decline', decidedBy: 'terminal'}
        } finally {
          rl.close()
        }
      }),
    )
    queue = asked.catch(() => {})
    return asked
  }
}
