# Production image: builds the backend and admin UI, runs `medusa start`.
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npx medusa build

FROM node:20-bookworm-slim
WORKDIR /app/.medusa/server
ENV NODE_ENV=production
COPY --from=build /app/node_modules /app/node_modules
COPY --from=build /app/.medusa/server /app/.medusa/server
# Data files the compiler does not copy (the common-password list).
COPY --from=build /app/src/lib/security/common-passwords.txt /app/.medusa/server/src/lib/security/
RUN ln -s /app/node_modules /app/.medusa/server/node_modules
EXPOSE 9000
CMD ["sh", "-c", "npx medusa db:migrate && npx medusa start"]
