/** `mcp-writing doctor`: filled in by the doctor work. Returns the exit code. */
export async function runDoctor(argv: string[]): Promise<number> {
  process.stderr.write(`mcp-writing doctor: not implemented yet (${argv.join(' ')})\n`);
  return 2;
}
