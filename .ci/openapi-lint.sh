#!/usr/bin/env bash
# Lints openapi/openapi.yaml with Redocly CLI (openapi/redocly.yaml) and Spectral (openapi/.spectral.yaml), both
# pinned by openapi/package-lock.json. Fails on any error; Spectral's warnings are printed, not fatal.
set -euo pipefail
cd "$(dirname "$0")/../openapi"
export REDOCLY_TELEMETRY=off REDOCLY_SUPPRESS_UPDATE_NOTICE=true
npm ci --no-audit --no-fund --loglevel=error
npx --no-install redocly lint openapi.yaml
npx --no-install spectral lint --fail-severity=error openapi.yaml
echo "openapi.yaml: Redocly and Spectral report no errors"
