#!/usr/bin/env bash
# Runs before `npm test`: the real-client tests use Debian's Alertmanager (and Prometheus). On a
# fresh Debian or Ubuntu machine this installs them once; elsewhere it says what is missing and
# the tests that need them fail with a clear message.
set -euo pipefail
missing=()
[ -x /usr/bin/prometheus-alertmanager ] || missing+=(prometheus-alertmanager)
[ -x /usr/bin/prometheus ] || missing+=(prometheus)
[ ${#missing[@]} -eq 0 ] && exit 0
if command -v apt-get >/dev/null 2>&1; then
  run=()
  [ "$(id -u)" -eq 0 ] || run=(sudo -n)
  if "${run[@]}" true 2>/dev/null || [ "$(id -u)" -eq 0 ]; then
    echo "installing Debian packages for the real-client tests: ${missing[*]}" >&2
    export DEBIAN_FRONTEND=noninteractive
    "${run[@]}" apt-get update -qq
    "${run[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
    exit 0
  fi
fi
echo "warning: ${missing[*]} not installed; the tests that run them will fail (apt-get install -y ${missing[*]})" >&2
