import type {Config} from '../config/schema.js'
import type {Limiter} from '../parallel/limiter.js'
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
  /** Aborted when the server shuts down: every agent goes. */
  shutdownSignal: AbortSignal
  /** Decides agents' approval requests (approvals "ask"): an elicitation to the client. */
  approve?: Approver
}
