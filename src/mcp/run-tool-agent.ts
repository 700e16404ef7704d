import {type AgentOutcome, failed, settleAgent} from '../runner/agent-outcome.js'
import {describeEvent} from '../runner/describe-event.js'
import {resolveRunOptions} from '../runner/run-options.js'
import type {AgentSettings} from '../config/schema.js'
import type {ServerContext} from './context.js'
import {ProgressReporter, type ToolExtra} from './progress.js'

/**
 * One agent for a blocking tool call: options through the shared funnel, a place under the server's
 * limit, progress and heartbeats, cancellation by the client or by shutdown.
 */
export async function runToolAgent(
  ctx: ServerContext,
  args: AgentSettings & {prompt: string; resumeThreadId?: string},
  extra: ToolExtra,
): Promise<AgentOutcome> {
  const started = Date.now()
  let options
  try {
    options = resolveRunOptions(ctx.config, args, {baseCwd: ctx.baseCwd})
  } catch (error) {
    return failed(error, 0)
  }
  const signal = AbortSignal.any([extra.signal, ctx.shutdownSignal])
  const progress = new ProgressReporter(extra, 1, ctx.heartbeatMs)
  if (ctx.limiter.running >= ctx.limiter.limit) progress.activity(`queued behind ${ctx.limiter.running} running agents`)
  try {
    const outcome = await ctx.limiter.run(
      () =>
        settleAgent(options, {
          signal,
          onApproval: ctx.approve,
          onEvent(event) {
            const text = describeEvent(event)
            if (text) progress.activity(text)
          },
        }),
      signal,
    )
    progress.agentFinished(outcome.status)
    ctx.logger.log(outcome.status === 'succeeded' ? 'info' : 'warning', `agent ${outcome.status} in ${outcome.durationMs} ms${outcome.error ? `: ${outcome.error.message}` : ''}`)
    return outcome
  } catch (error) {
    return failed(error, Date.now() - started)
  } finally {
    await progress.stop()
  }
}
