# The service's production image (untested here: no Docker engine on the build machine).
#   docker build -t lazai-dat-processor .
#   docker run -p 3003:3003 -e MASTER_DB=… -e REDIS=… -e LAZAI_CONFIG=… -e IPFS_JWT=… lazai-dat-processor
# Configuration is the original service's environment (README "Configuration"); nothing is baked in.

# --- build: Maven on a JDK 17 -----------------------------------------------------------------
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /build
# Dependencies first, so that a source change does not download them again.
COPY pom.xml .
RUN mvn -B -q dependency:go-offline
# The contract ABIs and bytecode the web3j wrappers are generated from, then the sources.
COPY devnet/artifacts devnet/artifacts
# The Bull Board UI (/admin/queues) is installed from npm by the build (bull-board/install.sh).
RUN apt-get update && apt-get install -y --no-install-recommends nodejs npm && rm -rf /var/lib/apt/lists/*
COPY bull-board bull-board
COPY src/main src/main
RUN mvn -B -q -DskipTests package && cp target/lazai-dat-processor.jar /build/app.jar

# --- run: a JRE 17, as a user without privileges -------------------------------------------------
FROM eclipse-temurin:17-jre
RUN groupadd --system lazai && useradd --system --gid lazai --home-dir /app --shell /usr/sbin/nologin lazai \
  && mkdir -p /app/data && chown -R lazai:lazai /app
WORKDIR /app
COPY --from=build --chown=lazai:lazai /build/app.jar /app/app.jar
USER lazai
ENV APP_ENV=production \
    PORT=3003 \
    JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError"
EXPOSE 3003
# No curl needed: bash's /dev/tcp asks /healthz (status only, on the service port also when the
# actuator is on management.server.port); 200 is UP (or DEGRADED), 503 is DOWN.
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/${PORT:-3003} && printf 'GET /healthz HTTP/1.0\\r\\nHost: localhost\\r\\n\\r\\n' >&3 && head -n 1 <&3 | grep -q ' 200 '"]
ENTRYPOINT ["java", "-jar", "/app/app.jar"]
