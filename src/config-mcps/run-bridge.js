// Shared by src/config-mcps/<x>-server/index.js, the paths the authors' desktop
// app runs for Claude Desktop:
//   docker exec -i -e MCP_STDIO_MODE=true <container> node /app/src/config-mcps/<x>-server/index.js
// Each one becomes `mcp-writing stdio <x>`: the stdio bridge to the host already
// running in the container (MCP_WRITING_URL, else http://127.0.0.1:$PORT). It
// opens no database connection, where the original servers opened a pool per
// process. Plain JavaScript, no build step of its own; paths are resolved from
// this file, so it works at /app/src/config-mcps in the image and in a clone.
// Nothing is written to stdout here: stdout carries only the MCP protocol,
// with or without MCP_STDIO_MODE (this entry point has no other mode).
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const hostMain = path.join(root, 'apps/host/dist/main.js');

/** Runs the bridge for `server` in this process; extra arguments (e.g. --url, --standalone) pass through. */
export async function runBridge(server) {
  if (!existsSync(hostMain)) {
    process.stderr.write(`mcp-writing ${server}: ${hostMain} is missing; build the host first (npm run build)\n`);
    process.exit(1);
  }
  // main.js reads its subcommand from argv; importing it (rather than spawning
  // a second node) keeps one process per Claude Desktop entry.
  process.argv = [process.argv[0], hostMain, 'stdio', server, ...process.argv.slice(2)];
  await import(pathToFileURL(hostMain).href);
}
