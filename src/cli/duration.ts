export {parseDuration} from '../config/duration.js'
