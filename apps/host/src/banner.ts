import path from 'node:path';

interface BannerInput {
  host: string;
  port: number;
  servers: string[];
  toolCounts: { toolCount(name: never): number };
  embedded: boolean;
  repoRoot: string;
  /** Server -> port of the legacy listeners, when on. */
  legacyPorts?: Record<string, number> | undefined;
}

/**
 * What an author needs after `npm start`: where each server listens and
 * client configs to paste. Written to stderr like every other line we print.
 */
export function printBanner(input: BannerInput): void {
  const shownHost = input.host === '0.0.0.0' || input.host === '::' ? 'localhost' : input.host;
  const base = `http://${shownHost}:${input.port}`;
  const width = Math.max(...input.servers.map((s) => s.length));
  const lines = [
    '',
    `MCP Writing Servers are running (${input.servers.length} server${input.servers.length === 1 ? '' : 's'}, one shared database pool).`,
    input.embedded ? 'Database: embedded PostgreSQL, data kept in .data/postgres' : 'Database: DATABASE_URL',
    '',
    'Streamable HTTP endpoints:',
    ...input.servers.map(
      (name) => `  ${name.padEnd(width)}  ${base}/mcp/${name}  (${input.toolCounts.toolCount(name as never)} tools)`,
    ),
    '',
    ...(input.legacyPorts
      ? [
          '',
          'Legacy endpoints of the original servers (GET / SSE, POST /api/tool-call, GET /health):',
          ...Object.entries(input.legacyPorts).map(([name, port]) => `  ${name.padEnd(width)}  http://${shownHost}:${port}/`),
        ]
      : []),
    '',
    `Console: ${base}/   Health: ${base}/healthz   Ready: ${base}/readyz   Metrics: ${base}/metrics`,
    '',
    'HTTP client config (Claude Code .mcp.json, MCP Inspector, TypingMind):',
    JSON.stringify(
      {
        mcpServers: Object.fromEntries(
          input.servers.map((name) => [`writing-${name}`, { type: 'http', url: `${base}/mcp/${name}` }]),
        ),
      },
      null,
      2,
    ),
    '',
    'Claude Desktop (claude_desktop_config.json): each entry is a bridge to this host and opens no database connection:',
    JSON.stringify(
      {
        mcpServers: Object.fromEntries(
          input.servers.map((name) => [
            `writing-${name}`,
            { command: 'node', args: [path.join(input.repoRoot, 'apps/host/dist/main.js'), 'stdio', name, '--url', base] },
          ]),
        ),
      },
      null,
      2,
    ),
    '',
  ];
  process.stderr.write(`${lines.join('\n')}\n`);
}
