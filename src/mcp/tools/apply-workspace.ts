import * as z from 'zod'

import {toCodexMcpError} from '../../errors.js'
import {agentErrorSchema} from '../../runner/agent-outcome.js'
import {applyWorkspace, WorkspaceConflictError} from '../../workspaces/apply.js'
import {fileLine} from '../../workspaces/describe.js'
import {toView} from '../../workspaces/registry.js'
import {changedFileSchema, workspaceIdSchema, workspaceViewSchema} from '../../workspaces/schema.js'
import {registryFor} from '../../workspaces/registry.js'
import {defineTool, invalidInput, toolResult} from './tool.js'

export const applyWorkspaceTool = defineTool({
  name: 'apply_workspace',
  readme: {blocks: 'no', does: 'brings an isolated agent\'s changes into your tree, uncommitted (3-way, all or nothing)'},
  config: () => ({
    title: 'Apply an agent workspace',
    description:
      'Bring an isolated agent\'s changes into the working tree it started from, as uncommitted changes (3-way merge: works after that tree moved on). All or nothing: on a conflict nothing changes and the result is an error of kind "conflict" listing the files. Refuses when the user has uncommitted changes in a file the agent changed. Applying again later brings only what the agent added since (e.g. after reply_agent).',
    inputSchema: z.object({workspaceId: workspaceIdSchema}),
    outputSchema: z.object({
      applied: z.boolean(),
      workspace: workspaceViewSchema.optional(),
      files: z.array(changedFileSchema).optional().describe('What changed in the working tree.'),
      conflicts: z.array(z.string()).optional().describe('Files that kept the apply from happening.'),
      error: agentErrorSchema.optional(),
    }),
    annotations: {readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: false},
  }),
  failure: (message) => ({applied: false, error: invalidInput(message)}),
  handler: ({ctx}) => async ({workspaceId}) => {
    try {
      const {workspace, files} = await applyWorkspace(registryFor(ctx.config.stateDir), workspaceId)
      const text =
        files.length === 0
          ? `Workspace ${workspaceId}: nothing new to apply.`
          : `Applied workspace ${workspaceId} to ${workspace.repoRoot} as uncommitted changes:\n${files.map((file) => `  ${fileLine(file)}`).join('\n')}`
      return toolResult({applied: true, workspace: toView(workspace), files}, text)
    } catch (caught) {
      const error = toCodexMcpError(caught)
      const conflicts = caught instanceof WorkspaceConflictError ? caught.files : undefined
      return toolResult({applied: false, ...(conflicts ? {conflicts} : {}), error: error.toJSON()}, error.message, true)
    }
  },
})
