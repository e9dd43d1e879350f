FROM node:20-bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends gnupg && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund
COPY bin ./bin
COPY src ./src
COPY cards ./cards
COPY jobs ./jobs
COPY emulator ./emulator
COPY config ./config
# Stamped into alignment.checked: LARKGATE_BUILD_COMMIT=$(git rev-parse HEAD) docker compose build
ARG LARKGATE_BUILD_COMMIT=""
ENV LARKGATE_BUILD_COMMIT=$LARKGATE_BUILD_COMMIT
USER node
ENTRYPOINT []
