import type {Config} from '../config/schema.js'
import type {AgentOutcome} from '../runner/agent-outcome.js'
import type {Limiter} from '../parallel/limiter.js'
import type {ClientDeadline} from './client-deadline.js'
import type {Approver} from '../runner/engines/approvals.js'
import type {ServerLogger} from './logger.js'

/** What every tool of one server shares. */
export interface ServerContext {
  /** The config file with the serve flags on top. */
  config: Config
  /** Relative agent `cwd`s resolve against this. */
  baseCwd: string
  /** One limit for every agent this server runs: blocking calls, batches and background jobs. */
  limiter: Limiter
  heartbeatMs: number
  logger: ServerLogger
  /** The connected client's limit on one tool call (known once it has initialized). */
  clientDeadline: () => ClientDeadline
  /** Aborted when the server shuts down: every agent goes. */
  shutdownSignal: AbortSignal
  /**
   * An outcome as a result may carry it: its output cut to its share of `maxOutputChars` when the result
   * holds `share` agents (the full text kept under `key`, see OutputStore).
   */
  fitOutput: <T extends AgentOutcome>(outcome: T, share: number, key?: string) => T
  /** Decides agents' approval requests (approvals "ask"): an elicitation to the client. */
  approve?: Approver
}
