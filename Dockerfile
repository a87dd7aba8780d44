# golive container image: golive built from this source tree and installed
# from its own Debian package on debian:12-slim.
#
#   docker build --target runtime \
#     --build-arg GOLIVE_GIT_COMMIT="$(git rev-parse HEAD)" -t golive .
#   docker run --rm --user "$(id -u):$(id -g)" -v "$PWD:/work" golive \
#     evaluate --snapshot snapshot.json --report html=golive.html
#
# Stages: build (compile, cpack -G DEB) → runtime (the image to publish:
# non-root, ENTRYPOINT golive) → action (the last stage, so the one GitHub
# builds for action.yml's `image: Dockerfile`: the runtime image as root,
# because GitHub mounts the workspace and its output files writable by root
# only and runs a Docker action's container with the image's user).

# --- build -----------------------------------------------------------------
FROM debian:12 AS build
WORKDIR /src
# Dependencies first: this layer survives source changes.
COPY scripts/install-deps.sh scripts/install-deps.sh
RUN scripts/install-deps.sh --build && rm -rf /var/lib/apt/lists/*

COPY . .
# .git is not in the build context: the commit the binary reports (golive
# version) comes from here. Declared after the dependencies' layer, which a
# new value would otherwise rebuild.
ARG GOLIVE_GIT_COMMIT=unknown
RUN cmake -S . -B /build -DCMAKE_BUILD_TYPE=Release \
        -DGOLIVE_BUILD_TESTS=OFF -DGOLIVE_BUILD_BENCH=OFF \
        -DGOLIVE_GIT_COMMIT="${GOLIVE_GIT_COMMIT}" \
 && cmake --build /build --target golive -j"$(nproc)" \
 && cd /build && cpack -G DEB \
 && ls -l /build/golive_*.deb

# --- runtime ---------------------------------------------------------------
FROM debian:12-slim AS runtime
# apt resolves the runtime libraries from the package's Depends
# (dpkg-shlibdeps); ca-certificates for the TLS collectors.
COPY --from=build /build/golive_*.deb /tmp/
# The GitHub Action's entrypoint (action.yml); the image's stays golive.
COPY action/entrypoint.sh /usr/local/bin/golive-action
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
        /tmp/golive_*.deb ca-certificates \
 && apt-get clean && rm -rf /var/lib/apt/lists/* /tmp/golive_*.deb \
 && chmod 0755 /usr/local/bin/golive-action \
 && groupadd --gid 10001 golive \
 && useradd --uid 10001 --gid golive --no-create-home --no-log-init \
        --home-dir /nonexistent --shell /usr/sbin/nologin golive \
 && golive version

ARG GOLIVE_GIT_COMMIT=unknown
LABEL org.opencontainers.image.title="golive" \
      org.opencontainers.image.description="Deployment-readiness auditor: collects facts from Azure, Kubernetes, PostgreSQL, Redis, Traefik and Odoo, runs readiness rules and decides GO, CONDITIONAL GO or NO-GO" \
      org.opencontainers.image.source="https://github.com/OWNER/golive" \
      org.opencontainers.image.licenses="Apache-2.0" \
      org.opencontainers.image.revision="${GOLIVE_GIT_COMMIT}"

WORKDIR /work
USER golive
ENTRYPOINT ["golive"]
CMD ["--help"]

# --- action ----------------------------------------------------------------
# Last, so that action.yml's `image: Dockerfile` builds it (GitHub builds a
# Dockerfile's last stage). Publish the runtime stage, not this one.
FROM runtime AS action
USER root
