# Build the shop with the Nest CLI, then run the compiled output on a slim Node 24 image.
FROM node:24-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
# postinstall: on this image's Node 24 it only confirms the runtime (see the script).
COPY scripts/provision-node.js scripts/
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build && npm prune --omit=dev

FROM node:24-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json ./
USER node
EXPOSE 3000
# Nest's graceful shutdown needs the signal to reach node directly: exec form, no npm wrapper.
CMD ["node", "dist/apps/shop/apps/shop/src/main.js"]
