# Multi-stage build for docker-compose.yml: `api` (API + worker) and `web` (nginx serving the SPA).
FROM node:24-bookworm-slim AS build
RUN npm install -g pnpm@12.21.0
WORKDIR /app
COPY . .
RUN pnpm install --frozen-lockfile && pnpm build

FROM node:24-bookworm-slim AS api
WORKDIR /app
COPY --from=build /app /app
ENV NODE_ENV=production HOST=0.0.0.0 PORT=4000
EXPOSE 4000
# A larger young generation: request and import garbage dies young instead of being promoted
# (measured: lower p99 on the patient list, lower peak memory for CSV imports; see bench/).
CMD ["node", "--max-semi-space-size=32", "packages/api/dist/main.js"]

FROM nginx:1.29-alpine AS web
COPY docker/nginx.conf /etc/nginx/conf.d/default.conf
COPY --from=build /app/packages/web/dist /usr/share/nginx/html
EXPOSE 80
