# madoguchi container image: build on Debian 12, run as a non-root user with the database on a
# volume. Packages come only from packaging/*.txt (tests/packaging/check_package_lists.sh).
#   docker build -t madoguchi .
#   docker run -p 8080:8080 -v madoguchi-data:/var/lib/madoguchi/var \
#     -e MADOGUCHI_META_APP_SECRET -e MADOGUCHI_META_VERIFY_TOKEN -e MADOGUCHI_PAGE_TOKEN_OSAKA_PREF \
#     -v $PWD/madoguchi.toml:/etc/madoguchi/madoguchi.toml:ro madoguchi

FROM debian:bookworm-slim AS build
WORKDIR /src
COPY packaging/ packaging/
COPY scripts/ scripts/
RUN scripts/install-packages build && rm -rf /var/lib/apt/lists/*
COPY . .
RUN cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release -DMADOGUCHI_BUILD_TESTS=OFF \
 && cmake --build build \
 && cmake --install build --prefix /opt/madoguchi

FROM debian:bookworm-slim
COPY packaging/debian-runtime.txt /tmp/debian-runtime.txt
RUN apt-get update \
 && grep -v -e '^#' -e '^[[:space:]]*$' /tmp/debian-runtime.txt \
    | xargs apt-get install -y --no-install-recommends \
 && rm -rf /var/lib/apt/lists/* /tmp/debian-runtime.txt \
 && useradd --system --home-dir /var/lib/madoguchi --create-home --shell /usr/sbin/nologin madoguchi \
 && mkdir -p /var/lib/madoguchi/var && chown madoguchi: /var/lib/madoguchi/var
COPY --from=build /opt/madoguchi/bin/madoguchi /usr/local/bin/madoguchi
COPY packaging/container.toml /etc/madoguchi/madoguchi.toml
USER madoguchi
WORKDIR /var/lib/madoguchi
VOLUME ["/var/lib/madoguchi/var"]
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=3s --retries=3 CMD curl -fsS http://127.0.0.1:8080/healthz || exit 1
ENTRYPOINT ["madoguchi"]
CMD ["serve", "--config", "/etc/madoguchi/madoguchi.toml"]
