# One image for every shipfold service; docker-compose.yml picks the entry point per service.
FROM node:22-bookworm-slim
WORKDIR /app
COPY package.json package-lock.json ./
COPY packages ./packages
COPY services ./services
COPY schemas ./schemas
COPY tsconfig.json ./
RUN npm ci --omit=optional && npm cache clean --force
ENV NODE_ENV=production HOST=0.0.0.0
USER node
