#!/usr/bin/env node
// The desktop app's stdio path for the character-planning server (Claude Desktop entry):
// bridges stdio to the running host; see ../run-bridge.js.
import { runBridge } from '../run-bridge.js';

await runBridge('character-planning');
