import {type McpServer, ResourceTemplate} from '@modelcontextprotocol/sdk/server/mcp.js'
import {McpError, SubscribeRequestSchema, UnsubscribeRequestSchema} from '@modelcontextprotocol/sdk/types.js'

import type {JobStore} from '../jobs/job-store.js'
import type {ServerContext} from './context.js'
import {fitJob, jobText, toJobView} from './job-views.js'

/** The MCP spec's error code for reading a resource that does not exist (the SDK's ErrorCode has no name for it). */
export const RESOURCE_NOT_FOUND = -32002

export const jobUri = (jobId: string) => `codex-mcp://jobs/${jobId}`

/**
 * Each job is a resource (`codex-mcp://jobs/<id>`: status, results and recent log as JSON), with
 * `notifications/resources/updated` to clients that subscribed to it.
 */
export function registerJobResources(server: McpServer, ctx: ServerContext, store: JobStore): void {
  server.registerResource(
    'job',
    new ResourceTemplate('codex-mcp://jobs/{jobId}', {
      list: async () => ({
        resources: store.list().map((job) => ({
          uri: jobUri(job.jobId),
          name: `job ${job.jobId}`,
          description: `${job.status}: ${job.agents.map((a) => a.promptHead).join(' | ')}`,
          mimeType: 'application/json',
        })),
      }),
    }),
    {title: 'Background agent job', description: 'A background job\'s status, results and recent activity.', mimeType: 'application/json'},
    async (uri, {jobId}) => {
      const found = store.get(String(jobId))
      if (!found) throw new McpError(RESOURCE_NOT_FOUND, `No job ${jobId} on this server (list_agents or resources/list shows the known ones)`, {uri: uri.href})
      const job = fitJob(found, ctx.fitOutput)
      return {
        contents: [
          {uri: uri.href, mimeType: 'application/json', text: JSON.stringify(toJobView(job, {withLog: true}), null, 2)},
          {uri: `${uri.href}#text`, mimeType: 'text/plain', text: jobText(job, {withLog: true})},
        ],
      }
    },
  )

  const subscribed = new Set<string>()
  server.server.registerCapabilities({resources: {subscribe: true, listChanged: true}})
  server.server.setRequestHandler(SubscribeRequestSchema, async (request) => {
    subscribed.add(request.params.uri)
    return {}
  })
  server.server.setRequestHandler(UnsubscribeRequestSchema, async (request) => {
    subscribed.delete(request.params.uri)
    return {}
  })
  store.on('created', () => {
    if (server.isConnected()) server.sendResourceListChanged()
  })
  store.on('change', (jobId) => {
    if (!server.isConnected()) return
    const uri = jobUri(jobId)
    if (subscribed.has(uri)) server.server.sendResourceUpdated({uri}).catch(() => {})
  })
}
