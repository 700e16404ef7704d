import type {AgentOutcome} from '../runner/agent-outcome.js'

/** Where an outcome's changed files are (its repository, the files), for overlap detection. */
export const changesOf = (outcome: AgentOutcome) => ({
  root: outcome.workspace?.repoRoot ?? outcome.repoRoot,
  files: outcome.workspace?.changedFiles ?? outcome.changedFiles,
})
