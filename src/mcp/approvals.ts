import type {McpServer} from '@modelcontextprotocol/sdk/server/mcp.js'

import {type Approver, describeApproval} from '../runner/engines/approvals.js'

const DAY_MS = 24 * 3600 * 1000

/**
 * An agent's approval request as an MCP elicitation to the client (accept / decline); a client without the
 * elicitation capability cannot be asked, so the request is declined. The runner's approvalTimeoutMs bounds the wait.
 */
export function elicitationApprover(server: McpServer): Approver {
  return async (request, signal) => {
    if (!server.server.getClientCapabilities()?.elicitation) return {decision: 'decline', decidedBy: 'unsupported'}
    const result = await server.server.elicitInput(
      {message: `${describeApproval(request)}. Allow it? (accept = allow once; decline = the agent goes on without it)`, requestedSchema: {type: 'object', properties: {}}},
      {signal, timeout: DAY_MS},
    )
    return {decision: result.action === 'accept' ? 'accept' : 'decline', decidedBy: 'client'}
  }
}
