#!/usr/bin/env node

function fail(message: string): never {
  process.stderr.write(`mcp-writing: ${message}\n`);
  process.exit(1);
}

/**
 * mcp-writing [--stdio [server...]]   serve (HTTP by default)
 * mcp-writing stdio <server> [--url]  bridge stdio to a running host (no database connection)
 * mcp-writing doctor [--replicas N]   check the database and the connection budget
 */
async function main(): Promise<void> {
  const [command, ...rest] = process.argv.slice(2);
  switch (command) {
    case 'stdio': {
      const { runBridge } = await import('./bridge.js');
      process.exitCode = await runBridge(rest);
      return;
    }
    case 'doctor': {
      const { runDoctor } = await import('./doctor.js');
      process.exitCode = await runDoctor(rest);
      return;
    }
    default: {
      const { serve } = await import('./serve.js');
      await serve(process.argv.slice(2));
    }
  }
}

main().catch((error: unknown) => {
  // Configuration errors are sentences for the user; named, so this file loads
  // no package (the stdio bridge starts fast and never loads the database code).
  if (error instanceof Error && (error.name === 'ConfigError' || error.name === 'HostConfigError')) fail(error.message);
  const message = error instanceof Error ? error.message : String(error);
  fail(`could not start: ${message}`);
});
