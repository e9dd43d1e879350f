# Two stages: the build compiles TypeScript to dist/ (npm ci runs the `prepare` script); the runtime image
# holds dist/, the production dependencies and the policy files, and runs as the non-root `node` user.
# Keys, secrets and the real larkgate.yaml are never copied in (.dockerignore): docker-compose.yml mounts
# ./config read-only at /etc/larkgate. State (audit log, backups) lives on the /app/var volume.
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json tsconfig.json tsconfig.build.json ./
COPY scripts ./scripts
COPY bin ./bin
COPY src ./src
COPY cards ./cards
COPY jobs ./jobs
COPY emulator ./emulator
RUN npm ci --no-audit --no-fund

FROM node:20-bookworm-slim
# gpg: operators restore backups by hand in the container (docs/runbooks/restore.md).
RUN apt-get update && apt-get install -y --no-install-recommends gnupg && rm -rf /var/lib/apt/lists/*
WORKDIR /app
ENV NODE_ENV=production
COPY package.json package-lock.json ./
# --ignore-scripts: `prepare` (tsc) needs the dev dependencies; dist/ comes from the build stage instead.
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm cache clean --force
COPY bin ./bin
COPY --from=build /app/dist ./dist
# Only the shipped policy files and emulator seeds; config/keys and real configs are excluded.
COPY config/allowed_endpoints.yaml config/lark-api-limits.yaml config/larkgate.example.yaml ./config/
COPY config/emulator ./config/emulator
# The volume mount point, owned by the runtime user: a new named volume takes this ownership.
RUN mkdir -p /app/var/audit /app/var/backups && chown -R node:node /app/var
VOLUME ["/app/var"]
# Stamped into alignment.checked: LARKGATE_BUILD_COMMIT=$(git rev-parse HEAD) docker compose build
ARG LARKGATE_BUILD_COMMIT=""
ENV LARKGATE_BUILD_COMMIT=$LARKGATE_BUILD_COMMIT
USER node
ENTRYPOINT ["node", "bin/larkgate.js"]
CMD ["--help"]
