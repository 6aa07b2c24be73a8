// workos-emulator — entry point; everything else lives in WorkOSAPI.
// Licensed MIT.

import WorkOSAPI

await EmulatorCommand.runFromCommandLine()
