# Production image: builds the plugin, then the backend and admin UI, runs `medusa start`.
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
COPY packages/plugin/package.json packages/plugin/
RUN npm ci --no-audit --no-fund
COPY . .
RUN cd packages/plugin && npx medusa plugin:build && cd /app && npx medusa build

FROM node:20-bookworm-slim
WORKDIR /app/.medusa/server
ENV NODE_ENV=production
COPY --from=build /app/node_modules /app/node_modules
# node_modules/@commerce-api/plugin is the workspace link to packages/plugin: ship its build.
COPY --from=build /app/packages/plugin/package.json /app/packages/plugin/
COPY --from=build /app/packages/plugin/.medusa/server /app/packages/plugin/.medusa/server
COPY --from=build /app/.medusa/server /app/.medusa/server
RUN ln -s /app/node_modules /app/.medusa/server/node_modules
EXPOSE 9000
CMD ["sh", "-c", "npx medusa db:migrate && npx medusa start"]
