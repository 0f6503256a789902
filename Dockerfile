# augur: one image, three roles (`augur api`, `augur worker`, `augur all`).
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json ./
COPY src ./src
COPY web ./web
RUN npm run build && npm prune --omit=dev

FROM node:20-bookworm-slim
ENV NODE_ENV=production HOST=0.0.0.0 PORT=3000
WORKDIR /app
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json ./
COPY config ./config
COPY proto ./proto
COPY examples ./examples
COPY openapi ./openapi
USER node
EXPOSE 3000
ENTRYPOINT ["node", "dist/cli.js"]
CMD ["all"]
