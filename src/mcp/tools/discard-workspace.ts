import * as z from 'zod'

import {toCodexMcpError} from '../../errors.js'
import {agentErrorSchema} from '../../runner/agent-outcome.js'
import {discardWorkspace} from '../../workspaces/remove.js'
import {workspaceIdSchema, workspaceViewSchema} from '../../workspaces/schema.js'
import {registryFor} from '../../workspaces/registry.js'
import {defineTool, invalidInput, toolResult} from './tool.js'

export const discardWorkspaceTool = defineTool({
  name: 'discard_workspace',
  readme: {blocks: 'no', does: 'deletes an isolated agent\'s worktree and branch'},
  config: () => ({
    title: 'Discard an agent workspace',
    description:
      'Delete an isolated agent\'s worktree and branch. Changes that were not applied are lost for good (the user\'s own working tree is not touched). Refuses while an agent still runs in it.',
    inputSchema: z.object({workspaceId: workspaceIdSchema}),
    outputSchema: z.object({discarded: z.boolean(), workspace: workspaceViewSchema.optional(), error: agentErrorSchema.optional()}),
    annotations: {readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: false},
  }),
  failure: (message) => ({discarded: false, error: invalidInput(message)}),
  handler: ({ctx}) => async ({workspaceId}) => {
    try {
      const workspace = await discardWorkspace(registryFor(ctx.config.stateDir), workspaceId)
      const text = `Discarded workspace ${workspaceId}: removed ${workspace.path} and branch ${workspace.branch}${workspace.pending ? ' (its unapplied changes are gone)' : ''}.`
      return toolResult({discarded: true, workspace}, text)
    } catch (caught) {
      const error = toCodexMcpError(caught)
      return toolResult({discarded: false, error: error.toJSON()}, error.message, true)
    }
  },
})
