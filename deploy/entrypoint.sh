#!/bin/sh
# Container entry point: migrate the database, seed the areas once, then run gridbot.
#   GRIDBOT_AREAS_FILE  optional: a YAML areas file imported only while no areas exist
#   arguments           the gridbot subcommand to run (default: run --webhook)
set -eu

gridbot db upgrade

if [ -n "${GRIDBOT_AREAS_FILE:-}" ]; then
    gridbot areas import --if-empty "$GRIDBOT_AREAS_FILE"
fi

if [ "$#" -eq 0 ]; then
    set -- run --webhook
fi
exec gridbot "$@"
