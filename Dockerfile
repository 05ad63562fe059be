# pagerlab: build with Maven on a JDK 21 image, run the layered jar on a JRE 21 image.
# Base images are build arguments so that a machine without Docker Hub can bring its own
# (see .ci/docker-engine.sh and README.md, "Docker").
ARG BUILDER_IMAGE=maven:3.9-eclipse-temurin-21
ARG RUNTIME_IMAGE=eclipse-temurin:21-jre

FROM ${BUILDER_IMAGE} AS build
WORKDIR /src
# Dependencies first: this layer is reused until a pom changes.
COPY pom.xml ./
COPY service/engine/pom.xml service/engine/
COPY service/app/pom.xml service/app/
COPY service/benchmarks/pom.xml service/benchmarks/
RUN mvn -B -q -pl service/app -am dependency:go-offline -DexcludeArtifactIds=pagerlab-engine
COPY service/engine/src service/engine/src
COPY service/app/src service/app/src
RUN mvn -B -q -pl service/app -am package -DskipTests \
 && java -Djarmode=tools -jar service/app/target/pagerlab-app-*.jar extract --layers --launcher \
      --destination /extracted

FROM ${RUNTIME_IMAGE}
ARG VERSION=0.1.0-SNAPSHOT
LABEL org.opencontainers.image.title="pagerlab" \
      org.opencontainers.image.description="Explore how Genode core resolves page faults over HTTP/JSON" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.licenses="Apache-2.0"
# The health check needs curl; JRE images differ in whether they bring it.
RUN if ! command -v curl >/dev/null; then \
      apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends curl \
      && rm -rf /var/lib/apt/lists/*; fi \
 && groupadd --system pagerlab && useradd --system --gid pagerlab --home-dir /app --shell /usr/sbin/nologin pagerlab \
 && mkdir -p /app/data && chown pagerlab:pagerlab /app/data
WORKDIR /app
# One layer per Spring Boot layer, least changing first.
COPY --from=build /extracted/dependencies/ ./
COPY --from=build /extracted/spring-boot-loader/ ./
COPY --from=build /extracted/snapshot-dependencies/ ./
COPY --from=build /extracted/application/ ./
USER pagerlab
# Labs live in the embedded database under /app/data unless SPRING_DATASOURCE_URL names another (compose: a volume).
VOLUME /app/data
ENV SERVER_PORT=8080 \
    PAGERLAB_STORAGE_DIRECTORY=/app/data \
    JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError"
EXPOSE 8080
HEALTHCHECK --interval=15s --timeout=3s --start-period=60s --retries=3 \
  CMD curl -fs "http://127.0.0.1:${SERVER_PORT}/actuator/health" >/dev/null || exit 1
ENTRYPOINT ["java", "org.springframework.boot.loader.launch.JarLauncher"]
