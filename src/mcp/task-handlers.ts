import type {ToolTaskHandler} from '@modelcontextprotocol/sdk/experimental/tasks/interfaces.js'
import type {CallToolResult} from '@modelcontextprotocol/sdk/types.js'

import type {Job} from '../jobs/job-schema.js'

/** MCP Tasks handlers for a tool whose task is the background job `start(args, jobId)` starts; the task id is the job id. */
export function taskHandlers<A>(start: (args: A, jobId: string) => Job): ToolTaskHandler<any> {
  return {
    async createTask(args: A, extra: any) {
      const task = await extra.taskStore.createTask({ttl: extra.taskRequestedTtl})
      start(args, task.taskId)
      return {task}
    },
    async getTask(_args: A, extra: any) {
      return extra.taskStore.getTask(extra.taskId)
    },
    async getTaskResult(_args: A, extra: any) {
      return (await extra.taskStore.getTaskResult(extra.taskId)) as CallToolResult
    },
  } as ToolTaskHandler<any>
}
