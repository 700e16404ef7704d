import {applyWorkspaceTool} from './apply-workspace.js'
import {cancelAgentTool} from './cancel-agent.js'
import {discardWorkspaceTool} from './discard-workspace.js'
import {getAgentTool} from './get-agent.js'
import {listAgentsTool} from './list-agents.js'
import {listWorkspacesTool} from './list-workspaces.js'
import {replyAgentTool} from './reply-agent.js'
import {spawnAgentTool} from './spawn-agent.js'
import {spawnAgentsParallelTool} from './spawn-agents-parallel.js'
import {startAgentTool} from './start-agent.js'
import {startAgentsTool} from './start-agents.js'
import type {ToolDefinition} from './tool.js'
import {waitAgentsTool} from './wait-agents.js'

/** Every tool `serve` offers, in the order tools/list shows them. Adding a tool: a module here and one line. */
export const tools: ReadonlyArray<ToolDefinition<any>> = [
  spawnAgentTool,
  spawnAgentsParallelTool,
  replyAgentTool,
  startAgentTool,
  startAgentsTool,
  waitAgentsTool,
  getAgentTool,
  listAgentsTool,
  cancelAgentTool,
  listWorkspacesTool,
  applyWorkspaceTool,
  discardWorkspaceTool,
]
