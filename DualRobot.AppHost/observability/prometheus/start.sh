#!/bin/sh
# Renders the scrape targets Aspire hands us (host:port of api and frontend) into Prometheus' config.
set -eu
sed -e "s|SCRAPE_TARGET_API|${SCRAPE_TARGET_API}|" \
    -e "s|SCRAPE_TARGET_FRONTEND|${SCRAPE_TARGET_FRONTEND}|" \
    /etc/dualrobot/prometheus.yml > /prometheus/prometheus.yml
exec /bin/prometheus --config.file=/prometheus/prometheus.yml --storage.tsdb.path=/prometheus \
    --web.enable-lifecycle --web.listen-address=:9090
