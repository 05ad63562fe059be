#!/usr/bin/env bash
# Makes Docker real on a machine that cannot reach Docker Hub: installs docker.io and debootstrap
# when missing, starts dockerd (no bridge, no iptables: host networking only) when no engine
# answers, and builds the local base images once:
#   pagerlab-base:trixie      Debian trixie minbase, from debootstrap, without apt caches, docs and man pages
#   pagerlab-builder:25       + openjdk-25-jdk-headless (with the jmods jlink needs), maven: the image's default
#                               builder (a JDK 25 runtime gets the JVM's AOT cache: BENCHMARKS.md, "Start-up")
#   pagerlab-builder:21       + openjdk-21-jdk-headless, maven: the same image built and run on JDK 21 (CDS)
#   pagerlab-runtime:slim     + curl (no Java: the image brings its own jlink-made runtime)
#   pagerlab-postgres:17      + Debian's postgresql, with an entrypoint that understands the official
#                               image's POSTGRES_USER/POSTGRES_PASSWORD/POSTGRES_DB (for Testcontainers)
# Source it to get BUILDER_IMAGE, RUNTIME_IMAGE and POSTGRES_IMAGE exported: . .ci/docker-engine.sh
set -euo pipefail

export BUILDER_IMAGE=pagerlab-builder:25
export RUNTIME_IMAGE=pagerlab-runtime:slim
export POSTGRES_IMAGE=pagerlab-postgres:17

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

if ! command -v dockerd >/dev/null || ! command -v debootstrap >/dev/null; then
  echo "docker-engine: installing docker.io and debootstrap"
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq docker.io debootstrap >/dev/null
fi
if ! command -v docker-compose >/dev/null && ! docker compose version >/dev/null 2>&1; then
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq docker-compose >/dev/null \
    || echo "docker-engine: no compose available" >&2
fi

if ! docker info >/dev/null 2>&1; then
  echo "docker-engine: starting dockerd"
  as_root sh -c 'nohup dockerd --bridge=none --iptables=false >/var/log/pagerlab-dockerd.log 2>&1 &'
  for _ in $(seq 1 60); do docker info >/dev/null 2>&1 && break; sleep 1; done
  docker info >/dev/null 2>&1 || { tail -20 /var/log/pagerlab-dockerd.log; echo "dockerd did not start" >&2; exit 1; }
fi

have() { docker image inspect "$1" >/dev/null 2>&1; }

label() { docker image inspect -f '{{index .Config.Labels "pagerlab.recipe"}}' "$1" 2>/dev/null || true; }

# Slim like Debian's own -slim images: no downloaded .debs, no package lists, and dpkg keeps no docs or man pages.
base_recipe=minbase-slim-1
if [ "$(label pagerlab-base:trixie)" != "$base_recipe" ]; then
  echo "docker-engine: debootstrap Debian trixie (minbase)"
  root=$(mktemp -d)
  as_root debootstrap --variant=minbase trixie "$root" http://deb.debian.org/debian >/dev/null
  as_root sh -c "printf '%s\n' 'path-exclude /usr/share/doc/*' 'path-include /usr/share/doc/*/copyright' \
      'path-exclude /usr/share/man/*' 'path-exclude /usr/share/info/*' >'$root/etc/dpkg/dpkg.cfg.d/01-slim'"
  as_root sh -c "rm -rf '$root'/var/cache/apt/archives/*.deb '$root'/var/lib/apt/lists/* '$root'/usr/share/man/* \
      '$root'/usr/share/info/*; find '$root'/usr/share/doc -mindepth 1 ! -name copyright ! -type d -delete"
  as_root tar -C "$root" -c . | docker import --change "LABEL pagerlab.recipe=$base_recipe" - pagerlab-base:trixie \
    >/dev/null
  as_root rm -rf "$root"
fi
base_id=$(docker image inspect -f '{{.Id}}' pagerlab-base:trixie)

# Egress from this machine may pass a TLS-inspecting proxy whose CA only the host trusts; builds that
# fetch over HTTPS (Maven) need it too. Debian's ca-certificates-java hook carries it into Java's cacerts.
extra_cas=$(ls /usr/local/share/ca-certificates/*.crt 2>/dev/null || true)

# build_base TAG PACKAGES [RECIPE_DIR]: Debian packages on the base image; RECIPE_DIR may hold a
# Dockerfile.tail (appended) and the files it copies.
build_base() {
  local tag=$1 packages=$2 extra=${3:-} context recipe
  context=$(mktemp -d)
  mkdir -p "$context/ca"
  [ -z "$extra_cas" ] || cp $extra_cas "$context/ca/"
  [ -z "$extra" ] || cp -r "$extra"/. "$context/"
  cat >"$context/Dockerfile" <<DOCKERFILE
FROM pagerlab-base:trixie
# Java's packages link their man pages into man1, which the slim base does not have.
RUN mkdir -p /usr/share/man/man1 && apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends $packages \
 && apt-get clean && rm -rf /var/lib/apt/lists/*
COPY ca/ /usr/local/share/ca-certificates/
RUN update-ca-certificates
DOCKERFILE
  [ ! -f "$context/Dockerfile.tail" ] || cat "$context/Dockerfile.tail" >>"$context/Dockerfile"
  # The label records what the image was built from, so a changed recipe or CA set rebuilds it.
  recipe=$( (echo "$base_id"; cat "$context/Dockerfile" "$context"/ca/* $(find "$context" -maxdepth 1 -type f -name '*.sh')) 2>/dev/null \
    | sha256sum | cut -c1-16)
  if [ "$(label "$tag")" != "$recipe" ]; then
    echo "docker-engine: building $tag"
    docker build --network host --label "pagerlab.recipe=$recipe" -t "$tag" "$context" >/dev/null
  fi
  rm -rf "$context"
}
build_base pagerlab-builder:25 "openjdk-25-jdk-headless maven ca-certificates ca-certificates-java"
build_base pagerlab-builder:21 "openjdk-21-jdk-headless maven ca-certificates ca-certificates-java"
build_base "$RUNTIME_IMAGE" "curl ca-certificates"
build_base "$POSTGRES_IMAGE" "ca-certificates" "$(dirname "${BASH_SOURCE[0]}")/postgres"
echo "docker-engine: ready (BUILDER_IMAGE=$BUILDER_IMAGE RUNTIME_IMAGE=$RUNTIME_IMAGE POSTGRES_IMAGE=$POSTGRES_IMAGE)"
