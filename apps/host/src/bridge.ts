/** `mcp-writing stdio <server>`: filled in by the stdio bridge work. Returns the exit code. */
export async function runBridge(argv: string[]): Promise<number> {
  process.stderr.write(`mcp-writing stdio: not implemented yet (${argv.join(' ')})\n`);
  return 2;
}
