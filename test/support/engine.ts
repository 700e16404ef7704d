import {it, type TestAPI} from 'vitest'

/** The engine this run of the e2e suite exercises (vitest.config.ts runs the agent e2e files on both). */
export const engine = process.env.CODEX_MCP_ENGINE === 'app-server' ? 'app-server' : 'exec'

/** A test the engine does not change (it starts no agent, or only agents of servers it does not configure): once is enough, so the app-server run of the suite skips it. */
export const itOnce: TestAPI = engine === 'app-server' ? (it.skip as TestAPI) : it

/**
 * A slow test whose subject lives above the engine (an MCP client's deadline): run on the engine `serve` uses by
 * default (app-server), once.
 */
export const itOnDefaultEngine: TestAPI = engine === 'app-server' ? it : (it.skip as TestAPI)
