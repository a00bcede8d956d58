# syntax=docker/dockerfile:1
# Multi-stage build of the host: one process serving the enabled MCP servers
# over one shared PostgreSQL pool.

FROM node:20-bookworm-slim AS build
WORKDIR /repo
COPY package.json package-lock.json turbo.json tsconfig.base.json ./
COPY packages/ packages/
COPY apps/ apps/
RUN npm ci --no-audit --no-fund
RUN npx turbo run build --filter=@mcp-writing/host... \
 && npm prune --omit=dev --no-audit --no-fund

FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000
WORKDIR /app
COPY --from=build --chown=node:node /repo/package.json ./
COPY --from=build --chown=node:node /repo/node_modules ./node_modules
COPY --from=build --chown=node:node /repo/packages ./packages
COPY --from=build --chown=node:node /repo/apps ./apps
# database-admin's backups (BACKUP_DIR) live here; mount a volume to keep them.
RUN mkdir -p /app/.data/backups && chown -R node:node /app/.data
ENV BACKUP_DIR=/app/.data/backups
USER node
EXPOSE 3000
HEALTHCHECK --interval=10s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
CMD ["node", "apps/host/dist/main.js"]
