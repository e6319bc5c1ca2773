import {listenForCancel} from './shell/cancel-signals.js'
import {runMain} from './run/main.js'

const cancellation = listenForCancel()
await runMain()
await cancellation.settle()
