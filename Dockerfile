# pagerlab: build with Maven on a JDK image, then run on a slim Debian with a Java runtime made by jlink from
# only the modules the app uses (found with jdeps). Base images are build arguments so that a machine without
# Docker Hub can bring its own (see .ci/docker-engine.sh and README.md, "Docker").
# The builder needs Maven and a JDK 21 or newer whose jlink can make a runtime (Temurin; Debian's
# openjdk-25-jdk-headless or openjdk-21-jdk-headless, which bring their jmods); the runtime any Debian or Ubuntu
# image, with or without curl (it is installed for the health check when missing).
# Start-up: the image ships a class-data archive made by a training run at build time (BENCHMARKS.md, "Start-up"):
# the JVM's AOT cache when the builder's JDK has one (25 and newer: the default), class-data sharing (CDS) on 21.
ARG BUILDER_IMAGE=maven:3.9-eclipse-temurin-25
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
# The extracted form (plain jars: the app's own and lib/), in Spring Boot's layers: class-data archives can only
# use plain jars on the class path, not the nested jars of the launcher layout.
RUN mvn -B -q -pl service/app -am package -DskipTests \
 && cp "$(ls service/app/target/pagerlab-app-*.jar | grep -v -- -plain)" /pagerlab.jar \
 && java -Djarmode=tools -jar /pagerlab.jar extract --layers --destination /extracted
# The modules jdeps finds in the app and its libraries, plus what they load only by reflection: JMX
# (java.management, used by Tomcat and Micrometer) and elliptic-curve TLS (jdk.crypto.ec). jlink also writes the
# JDK's own class-data archive (--generate-cds-archive), which a jlinked runtime otherwise lacks, and leaves out
# separate debug symbols (Debian's JDK 25 jmods carry a 700 MB libjvm.debuginfo).
RUN release=$(java -XshowSettings:properties -version 2>&1 | awk '/java.specification.version/ { print $3 }') \
 && jars=$(find /extracted -name '*.jar') \
 && modules=$(jdeps --ignore-missing-deps -q --recursive --multi-release "$release" --print-module-deps \
        --class-path "$(echo $jars | tr ' ' ':')" $jars) \
 && echo "jlink modules: $modules" \
 && jlink --add-modules "$modules,java.management,jdk.crypto.ec" --strip-java-debug-attributes --no-man-pages \
      --no-header-files --compress=zip-6 --exclude-files='**.debuginfo' --generate-cds-archive --output /jre

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
ENV JAVA_HOME=/opt/java PATH=/opt/java/bin:$PATH \
    JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError"
WORKDIR /app
# One layer per Spring Boot layer, least changing first.
COPY --from=build /extracted/dependencies/ ./
COPY --from=build /extracted/spring-boot-loader/ ./
COPY --from=build /extracted/snapshot-dependencies/ ./
COPY --from=build /extracted/application/ ./
# The training run: the app starts as it will in a container (same runtime, class path and JVM options), up to the
# refreshed context (Flyway has migrated an embedded database, Tomcat is set up, nothing listens), then the JVM exits
# and writes the archive of what it loaded (and, on JDK 25, the profiles of what it ran). Its database lives in a
# directory that is deleted with everything else the run left in /tmp, so no real start finds it. The option that
# uses the archive goes into /app/jvm.args, read by the launcher; a JVM that cannot use the archive (another runtime
# or class path) says so once and starts without it.
RUN if java -XX:+PrintFlagsFinal -version 2>/dev/null | grep -q AOTCacheOutput; then \
      archive=/app/pagerlab.aot train=-XX:AOTCacheOutput use=-XX:AOTCache; \
    else \
      archive=/app/pagerlab.jsa train=-XX:ArchiveClassesAtExit use=-XX:SharedArchiveFile; \
    fi \
 && PAGERLAB_STORAGE_DIRECTORY=/tmp/pagerlab-training java "$train=$archive" -Dspring.context.exit=onRefresh \
      -jar /app/pagerlab.jar --server.port=0 --server.address=127.0.0.1 \
 && test -s "$archive" \
 && echo "$use=$archive" >/app/jvm.args \
 && rm -rf /tmp/* /tmp/.[!.]* \
 && ls -l /app /tmp
USER pagerlab
# Labs live in the embedded database under /app/data unless SPRING_DATASOURCE_URL names another (compose: a volume).
VOLUME /app/data
ENV SERVER_PORT=8080 \
    PAGERLAB_STORAGE_DIRECTORY=/app/data
EXPOSE 8080
HEALTHCHECK --interval=15s --timeout=3s --start-period=60s --retries=3 \
  CMD curl -fs "http://127.0.0.1:${SERVER_PORT}/actuator/health" >/dev/null || exit 1
ENTRYPOINT ["java", "@/app/jvm.args", "-jar", "/app/pagerlab.jar"]
