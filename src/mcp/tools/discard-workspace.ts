import type {McpServer} from '@modelcontextprotocol/sdk/server/mcp.js'
import * as z from 'zod'

import {toCodexMcpError} from '../../errors.js'
import {agentErrorSchema} from '../../runner/agent-outcome.js'
import {discardWorkspace} from '../../workspaces/remove.js'
import {workspaceIdSchema, workspaceViewSchema} from '../../workspaces/schema.js'
import {registryFor} from '../../workspaces/registry.js'
import type {ServerContext} from '../context.js'

export const discardWorkspaceFailure = (message: string) => ({discarded: false, error: {kind: 'invalid-input', message, retryable: false}})

export function registerDiscardWorkspaceTool(server: McpServer, ctx: ServerContext): void {
  server.registerTool(
    'discard_workspace',
    {
      title: 'Discard an agent workspace',
      description:
        'Delete an isolated agent\'s worktree and branch. Changes that were not applied are lost for good (the user\'s own working tree is not touched). Refuses while an agent still runs in it.',
      inputSchema: z.object({workspaceId: workspaceIdSchema}),
      outputSchema: z.object({discarded: z.boolean(), workspace: workspaceViewSchema.optional(), error: agentErrorSchema.optional()}),
      annotations: {readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: false},
    },
    async ({workspaceId}) => {
      try {
        const workspace = await discardWorkspace(registryFor(ctx.config.stateDir), workspaceId)
        const text = `Discarded workspace ${workspaceId}: removed ${workspace.path} and branch ${workspace.branch}${workspace.pending ? ' (its unapplied changes are gone)' : ''}.`
        return {content: [{type: 'text', text}], structuredContent: {discarded: true, workspace}, isError: false}
      } catch (caught) {
        const error = toCodexMcpError(caught)
        return {content: [{type: 'text', text: error.message}], structuredContent: {discarded: false, error: error.toJSON()}, isError: true}
      }
    },
  )
}
