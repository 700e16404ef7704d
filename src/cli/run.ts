// bin/run.js's way into oclif: bundled with @oclif/core and the command set (scripts/bundle-cli.mjs), so that
// oclif and the commands share one copy of @oclif/core.
export {execute} from '@oclif/core'
