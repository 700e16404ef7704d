import type {McpServer} from '@modelcontextprotocol/sdk/server/mcp.js'
import * as z from 'zod'

import {fileLine, workspaceState} from '../../workspaces/describe.js'
import {toView} from '../../workspaces/registry.js'
import {workspaceViewSchema} from '../../workspaces/schema.js'
import {registryFor} from '../../workspaces/registry.js'
import type {ServerContext} from '../context.js'

export function registerListWorkspacesTool(server: McpServer, ctx: ServerContext): void {
  server.registerTool(
    'list_workspaces',
    {
      title: 'List agent workspaces',
      description:
        'The git worktrees of isolated agents (isolation "worktree"), newest first: branch, the tree they started from, the files each changed, and whether its changes are applied or still pending. Failed, cancelled and timed-out agents\' workspaces are kept too. Apply one with apply_workspace, drop one with discard_workspace.',
      inputSchema: z.object({}),
      outputSchema: z.object({workspaces: z.array(workspaceViewSchema)}),
      annotations: {readOnlyHint: true, openWorldHint: false},
    },
    async () => {
      const workspaces = registryFor(ctx.config.stateDir).list().map(toView)
      const text =
        workspaces.length === 0
          ? 'No workspaces.'
          : workspaces
              .map((ws) => `${ws.workspaceId} ${workspaceState(ws)} ${ws.branch} from ${ws.repoRoot} — ${ws.promptHead}${ws.changedFiles.map((file) => `\n  ${fileLine(file)}`).join('')}`)
              .join('\n')
      return {content: [{type: 'text', text}], structuredContent: {workspaces}, isError: false}
    },
  )
}
