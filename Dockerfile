# syntax=docker/dockerfile:1
# One Dockerfile for the three programs: the Maven build runs once, then each program gets its own small
# runtime image. Pick it with --target:
#   docker build --target streams-app -t rfm-stream/streams-app:latest .
#   docker build --target trainer     -t rfm-stream/trainer:latest .
#   docker build --target ops         -t rfm-stream/ops:latest .
# (Targets rather than a build argument, because an exec-form ENTRYPOINT cannot expand an argument, and
# each image must start its own jar by its real name.)

FROM maven:3.9-eclipse-temurin-21 AS build
WORKDIR /src
COPY . .
# The same command as the README's build; the cache mount keeps ~/.m2 between builds.
RUN --mount=type=cache,target=/root/.m2 mvn -B package -DskipTests

FROM eclipse-temurin:21-jre AS runtime
# The health checks call curl: install it rather than rely on the base image keeping it.
RUN apt-get update \
    && apt-get install -y --no-install-recommends curl \
    && rm -rf /var/lib/apt/lists/*
# A fixed non-root user; /var/lib/rfm-stream is owned by it so that a volume mounted there is writable.
RUN groupadd --system --gid 10001 rfm \
    && useradd --system --uid 10001 --gid rfm --home-dir /app --no-create-home --shell /usr/sbin/nologin rfm \
    && mkdir -p /app /var/lib/rfm-stream/state \
    && chown -R rfm:rfm /var/lib/rfm-stream
WORKDIR /app
# Kafka Streams keeps its RocksDB state here (mount a volume); the heap follows the container's memory limit.
ENV STATE_DIR=/var/lib/rfm-stream/state \
    JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75"
USER 10001:10001

FROM runtime AS ops
COPY --from=build /src/ops/target/ops.jar /app/ops.jar
# One-shot commands (topics, replay, export): nothing long-running to probe.
HEALTHCHECK NONE
ENTRYPOINT ["java", "--enable-native-access=ALL-UNNAMED", "-jar", "/app/ops.jar"]

FROM runtime AS trainer
COPY --from=build /src/trainer/target/trainer.jar /app/trainer.jar
EXPOSE 8081
# Only meaningful with --every (a long-running trainer serves /health); a --once run exits before it counts.
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
    CMD curl -fsS "http://localhost:${TRAINER_HTTP_PORT:-8081}/health" || exit 1
ENTRYPOINT ["java", "--enable-native-access=ALL-UNNAMED", "-jar", "/app/trainer.jar"]

# Last, so that a plain `docker build .` gives the application.
FROM runtime AS streams-app
COPY --from=build /src/streams-app/target/streams-app.jar /app/streams-app.jar
EXPOSE 8080
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=3 \
    CMD curl -fsS "http://localhost:${HTTP_PORT:-8080}/health" || exit 1
ENTRYPOINT ["java", "--enable-native-access=ALL-UNNAMED", "-jar", "/app/streams-app.jar"]
