// The ceiling for the host's MCP endpoint: a plain node:http server doing the
// same query as get_author with Kysely over the same kind of pool, no MCP.
import { createServer } from 'node:http';
import { createDb, loadDbConfig } from '@mcp-writing/db';

const handle = createDb(loadDbConfig(process.env));
const db = handle.forServer('author');

async function getAuthor(id) {
  const author = await db
    .selectFrom('authors')
    .select(['id', 'name', 'email', 'bio', 'birth_year', 'created_at', 'updated_at'])
    .where('id', '=', id)
    .executeTakeFirst();
  if (!author) return undefined;
  const series = await db
    .selectFrom('series')
    .select(['id', 'title', 'status', 'start_year', 'description', 'updated_at'])
    .where('author_id', '=', id)
    .orderBy('start_year')
    .orderBy('id')
    .execute();
  return { author: { ...author, series } };
}

/**
 * POST /          -> (b) the plain answer: the data as JSON.
 * POST /envelope  -> (b') the same bytes the host's MCP endpoint answers for a
 *                    JSON-RPC tools/call: the envelope with the data as text
 *                    and as structuredContent. It shows what the payload alone
 *                    costs, apart from the MCP machinery (run.mjs checks the
 *                    bytes are identical before measuring).
 */
function envelope(request, data) {
  const text = JSON.stringify(data);
  return JSON.stringify({
    result: { content: [{ type: 'text', text }], structuredContent: JSON.parse(text) },
    jsonrpc: '2.0',
    id: request.id,
  });
}

const server = createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', async () => {
    try {
      const body = JSON.parse(Buffer.concat(chunks).toString());
      const shaped = req.url === '/envelope';
      const { author_id } = shaped ? body.params.arguments : body;
      const data = await getAuthor(author_id);
      const text = !data ? JSON.stringify({ error: 'not found' }) : shaped ? envelope(body, data) : JSON.stringify(data);
      res.writeHead(data ? 200 : 404, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
      res.end(text);
    } catch (error) {
      res.writeHead(500).end(String(error));
    }
  });
});
server.listen(0, '127.0.0.1', () => process.stderr.write(`${JSON.stringify({ msg: 'listening', port: server.address().port })}\n`));
process.on('SIGTERM', () => server.close(() => handle.close().then(() => process.exit(0))));
