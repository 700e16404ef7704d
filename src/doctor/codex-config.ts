// Codex's config is read by the server too (a client's tool deadline), so it lives in src/config.
export * from '../config/codex-config.js'
