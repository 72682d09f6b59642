#!/usr/bin/env bash
# Starts two more clickhouse-server instances on 127.0.0.1 as the two shards of cluster
# `midgoal_two_shards` (the scale-out tests, test/cluster.e2e.test.ts):
#   node 1: HTTP 8124, native 9001;  node 2: HTTP 8125, native 9002.
# Each gets a copy of the packaged config with its own ports, data and log folders (owned by the
# clickhouse user) and a <remote_servers> entry naming both. Idempotent: a node that already
# answers is left alone. Run as root. The instance on 8123 (single-node tests) is not touched.
set -euo pipefail
BASE=${MIDGOAL_CH_CLUSTER_DIR:-/tmp/midgoal-ch-cluster}
SRC=/etc/clickhouse-server

cluster_xml() {
  cat <<XML
        <midgoal_two_shards>
            <shard><replica><host>127.0.0.1</host><port>9001</port></replica></shard>
            <shard><replica><host>127.0.0.1</host><port>9002</port></replica></shard>
        </midgoal_two_shards>
XML
}

start_node() {
  local n=$1 http=$2 tcp=$3 inter=$4
  if curl -fsS "http://127.0.0.1:${http}/?query=SELECT%201" >/dev/null 2>&1; then
    echo "clickhouse node ${n} already answers on ${http}"
    return 0
  fi
  local dir="${BASE}/node${n}"
  mkdir -p "${dir}/conf" "${dir}/data/tmp" "${dir}/data/user_files" "${dir}/data/format_schemas" "${dir}/log"
  cp "${SRC}/users.xml" "${dir}/conf/users.xml"
  sed -e "s#<http_port>8123</http_port>#<http_port>${http}</http_port>#" \
      -e "s#<tcp_port>9000</tcp_port>#<tcp_port>${tcp}</tcp_port>#" \
      -e "s#<interserver_http_port>9009</interserver_http_port>#<interserver_http_port>${inter}</interserver_http_port>#" \
      -e "/<https_port>/d" -e "/<tcp_port_secure>/d" \
      -e "s#/var/lib/clickhouse/#${dir}/data/#g" \
      -e "s#/var/log/clickhouse-server/#${dir}/log/#g" \
      "${SRC}/config.xml" > "${dir}/conf/config.xml"
  # Our cluster goes in front of the packaged examples inside <remote_servers>.
  python3 - "${dir}/conf/config.xml" "$(cluster_xml)" <<'PY'
import sys
path, entry = sys.argv[1], sys.argv[2]
text = open(path).read()
marker = '<remote_servers incl="clickhouse_remote_servers" >'
assert marker in text, 'unexpected config.xml: no <remote_servers>'
open(path, 'w').write(text.replace(marker, marker + '\n' + entry, 1))
PY
  chown -R clickhouse:clickhouse "${dir}"
  runuser -u clickhouse -- clickhouse-server --config-file="${dir}/conf/config.xml" >"${dir}/log/stdout.log" 2>&1 &
  for _ in $(seq 1 60); do
    curl -fsS "http://127.0.0.1:${http}/?query=SELECT%201" >/dev/null 2>&1 && { echo "clickhouse node ${n} up on ${http}"; return 0; }
    sleep 1
  done
  echo "clickhouse node ${n} did not start; see ${dir}/log" >&2
  tail -20 "${dir}/log/clickhouse-server.err.log" >&2 || true
  return 1
}

start_node 1 8124 9001 9011
start_node 2 8125 9002 9012
