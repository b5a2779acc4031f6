# syntax=docker/dockerfile:1
# Reconciliation Platform - frontend (React + Vite), as a single stage.
# Build from the repository root:
#   docker build -f infrastructure/docker/Dockerfile.frontend .

FROM node:20-alpine
WORKDIR /app
COPY frontend/package.json frontend/package-lock.json ./
RUN npm ci
COPY frontend/ .
ARG VITE_API_URL=/api
ENV VITE_API_URL=$VITE_API_URL
ENV NODE_ENV production
RUN npm run build && find dist -name "*.map" -delete
EXPOSE 4173
CMD ["npm", "run", "preview", "--", "--host", "0.0.0.0"]
