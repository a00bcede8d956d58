# syntax=docker/dockerfile:1
# Multi-stage build of the host: one process serving every MCP server over one
# shared PostgreSQL pool. Build context: the repository root (the authors'
# desktop app clones the repository and builds this file as it is).

FROM node:20-bookworm-slim AS build
WORKDIR /repo
COPY package.json package-lock.json turbo.json tsconfig.base.json ./
COPY packages/ packages/
COPY apps/ apps/
RUN npm ci --no-audit --no-fund
RUN npx turbo run build --filter=@mcp-writing/host... \
 && npm prune --omit=dev --no-audit --no-fund

FROM node:20-bookworm-slim AS runtime
# The default command is the desktop app's container: every server, each also
# on its original port (3001 book-planning ... 3009 author, 3010
# database-admin) for the Database tab, plugins and the TypingMind connector,
# whose clients cannot send a token (LEGACY_ALLOW_NO_AUTH). The main port
# stays on loopback: inside the container it serves the stdio bridge that
# /app/src/config-mcps/<x>-server/index.js runs for Claude Desktop
# (docker exec). The connector reaches the legacy ports as
# mcp-writing-servers / fictionlab-mcp-servers (accepted Host names).
# docker-compose.yml and `docker run -e` override any of these.
ENV NODE_ENV=production \
    HOST=127.0.0.1 \
    PORT=3000 \
    LEGACY_PORTS=1 \
    LEGACY_HOST=0.0.0.0 \
    LEGACY_ALLOW_NO_AUTH=1 \
    MCP_ALLOWED_HOSTS=mcp-writing-servers,fictionlab-mcp-servers \
    BACKUP_DIR=/app/.data/backups
WORKDIR /app
COPY --from=build --chown=node:node /repo/package.json ./
COPY --from=build --chown=node:node /repo/node_modules ./node_modules
COPY --from=build --chown=node:node /repo/packages ./packages
COPY --from=build --chown=node:node /repo/apps ./apps
# Plain JavaScript, no build step: the stdio entry points and the health check.
COPY --chown=node:node src/config-mcps/ ./src/config-mcps/
COPY --chown=node:node scripts/healthcheck.mjs ./scripts/healthcheck.mjs
# database-admin's backups (BACKUP_DIR) live here; mount a volume to keep them.
RUN mkdir -p /app/.data/backups && chown -R node:node /app/.data
USER node
EXPOSE 3000 3001-3010
# Healthy only when GET /health answers 2xx on 3001 and 3010 (with
# LEGACY_PORTS=1; on the mapped ports for a map; GET /healthz on PORT when
# the legacy listeners are off). The app waits up to 120 s for healthy.
HEALTHCHECK --interval=10s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "scripts/healthcheck.mjs", "--timeout", "4000"]
CMD ["node", "apps/host/dist/main.js"]
