import * as z from 'zod'

import {fileLine, workspaceState} from '../../workspaces/describe.js'
import {toView} from '../../workspaces/registry.js'
import {workspaceViewSchema} from '../../workspaces/schema.js'
import {registryFor} from '../../workspaces/registry.js'
import {defineTool, toolResult} from './tool.js'

export const listWorkspacesTool = defineTool({
  name: 'list_workspaces',
  readme: {blocks: 'no', does: 'isolated agents\' worktrees: branch, changed files, applied or pending (see [Isolated agents](#isolated-agents))'},
  config: () => ({
    title: 'List agent workspaces',
    description:
      'The git worktrees of isolated agents (isolation "worktree"), newest first: branch, the tree they started from, the files each changed, and whether its changes are applied or still pending. Failed, cancelled and timed-out agents\' workspaces are kept too. Apply one with apply_workspace, drop one with discard_workspace.',
    inputSchema: z.object({}),
    outputSchema: z.object({workspaces: z.array(workspaceViewSchema)}),
    annotations: {readOnlyHint: true, openWorldHint: false},
  }),
  failure: () => ({workspaces: []}),
  handler: ({ctx}) => async () => {
    const workspaces = registryFor(ctx.config.stateDir).list().map(toView)
    const text =
      workspaces.length === 0
        ? 'No workspaces.'
        : workspaces
            .map((ws) => `${ws.workspaceId} ${workspaceState(ws)} ${ws.branch} from ${ws.repoRoot} — ${ws.promptHead}${ws.changedFiles.map((file) => `\n  ${fileLine(file)}`).join('')}`)
            .join('\n')
    return toolResult({workspaces}, text)
  },
})
