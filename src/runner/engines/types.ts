import type {CodexEvent} from '../events.js'
import type {AgentResult} from '../outcome.js'
import type {RunOptions} from '../run-options.js'
import type {Approver} from './approvals.js'

export interface RunHooks {
  /** Aborting kills the agent's whole process tree; the run then fails with kind `cancelled`. */
  signal?: AbortSignal
  /** Every event as it arrives (progress). Exceptions thrown here are ignored. */
  onEvent?: (event: CodexEvent) => void
  /** The agent started: the pid of its engine process and the agent id every process of the agent carries (see Engine.reap). */
  onSpawn?: (info: {pid: number; agentId: string; host?: string}) => void
  /** With hosts: the host the agent was placed on, before it starts. */
  onHost?: (host: string) => void
  /** Keep every parsed event on the result. */
  keepEvents?: boolean
  /** Decides an agent's approval requests (app-server engine, approvals "ask"); without it they are declined. */
  onApproval?: Approver
}

export interface AgentRun extends AgentResult {
  events?: CodexEvent[]
}

/** Adds input to a running turn; false when the turn already ended. */
export type Steer = (prompt: string) => Promise<boolean>

/** The engines that run agents; the `auto` setting picks one of them (./select.ts). */
export type EngineName = 'exec' | 'app-server'

/**
 * What runs agents. An engine supplies how one agent starts, is interrupted and is killed (through the
 * shared lifecycle, ../lifecycle.ts), and how every agent it runs is stopped at shutdown. Everything above
 * the runner sees only this interface, through the dispatcher in ./index.ts.
 */
export interface Engine {
  readonly name: EngineName
  /**
   * Why this engine cannot run this agent (undefined: it can); `codexCannot` when it is this Codex that cannot
   * (not this one agent). Called before `run`; may start what the engine needs to find out (app-server: the
   * warm server and its version). Throws when that start fails.
   */
  cannotRun(options: RunOptions): Promise<{why: string; codexCannot: boolean} | undefined>
  /** Runs one agent to the end; throws `CodexMcpError`. `onSteerable` gets a way to add input to its running turn, where the engine has one. */
  run(options: RunOptions, hooks: RunHooks, onSteerable?: (steer: Steer) => void): Promise<AgentRun>
  /** SIGTERM to every process of every agent it runs, at once: the first step of a shutdown. */
  signalAll(): void
  /** Kills every agent it runs and whatever it keeps running between agents (a warm server). */
  killAll(): Promise<void>
  /** Kills what is left of agents of a runner that died without cleaning up; returns how many processes there were. */
  reap(agentIds: string[]): Promise<number>
}
