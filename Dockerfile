# pagerlab: build with Maven on a JDK 21 image, then run on a slim Debian with a Java runtime made by jlink from
# only the modules the app uses (found with jdeps). Base images are build arguments so that a machine without
# Docker Hub can bring its own (see .ci/docker-engine.sh and README.md, "Docker").
# The builder needs a JDK 21 with its jmods (Temurin, Debian's openjdk-21-jdk-headless) and Maven; the runtime any Debian or Ubuntu
# image, with or without curl (it is installed for the health check when missing).
ARG BUILDER_IMAGE=maven:3.9-eclipse-temurin-21
ARG RUNTIME_IMAGE=debian:trixie-slim

FROM ${BUILDER_IMAGE} AS build
WORKDIR /src
# Dependencies first: this layer is reused until a pom changes.
COPY pom.xml ./
COPY service/engine/pom.xml service/engine/
COPY service/scenario/pom.xml service/scenario/
COPY service/app/pom.xml service/app/
COPY service/benchmarks/pom.xml service/benchmarks/
COPY service/client-test/pom.xml service/client-test/
RUN mvn -B -q -pl service/app -am dependency:go-offline -DexcludeArtifactIds=pagerlab-engine,pagerlab-scenario
COPY service/engine/src service/engine/src
COPY service/scenario/src service/scenario/src
# The scenario module serves the scenario format's JSON Schema, kept beside the OpenAPI document.
COPY openapi/scenario.schema.json openapi/
COPY service/app/src service/app/src
RUN mvn -B -q -pl service/app -am package -DskipTests \
 && java -Djarmode=tools -jar service/app/target/pagerlab-app-*.jar extract --layers --launcher \
      --destination /extracted
# The modules jdeps finds in the app and its libraries, plus what they load only by reflection: JMX
# (java.management, used by Tomcat and Micrometer) and elliptic-curve TLS (jdk.crypto.ec).
RUN modules=$(jdeps --ignore-missing-deps -q --recursive --multi-release 21 --print-module-deps \
        --class-path '/extracted/dependencies/BOOT-INF/lib/*:/extracted/application/BOOT-INF/lib/*' \
        /extracted/application/BOOT-INF/classes /extracted/spring-boot-loader \
        /extracted/dependencies/BOOT-INF/lib/*.jar) \
 && echo "jlink modules: $modules" \
 && jlink --add-modules "$modules,java.management,jdk.crypto.ec" --strip-java-debug-attributes --no-man-pages \
      --no-header-files --compress=zip-6 --output /jre

FROM ${RUNTIME_IMAGE}
ARG VERSION=0.1.0-SNAPSHOT
LABEL org.opencontainers.image.title="pagerlab" \
      org.opencontainers.image.description="Explore how Genode core resolves page faults over HTTP/JSON" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.licenses="Apache-2.0"
# The health check needs curl; slim images differ in whether they bring it.
RUN if ! command -v curl >/dev/null; then \
      apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends curl \
      && apt-get clean && rm -rf /var/lib/apt/lists/*; fi \
 && groupadd --system pagerlab && useradd --system --gid pagerlab --home-dir /app --shell /usr/sbin/nologin pagerlab \
 && mkdir -p /app/data && chown pagerlab:pagerlab /app/data
COPY --from=build /jre /opt/java
ENV JAVA_HOME=/opt/java PATH=/opt/java/bin:$PATH
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
