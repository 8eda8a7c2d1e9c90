# Starts and stops the ZooKeeper and PostgreSQL servers that scripts/cluster and .ci/run run (source this file).
# The packages come from scripts/prerequisites.

# PostgreSQL refuses to run as root: its files and process then belong to the postgres user.
as_postgres() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

postgres_bin() { ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1; }

# start_zookeeper DIR PORT: a ZooKeeper server on 127.0.0.1:PORT with its data and log in DIR; sets ZOOKEEPER_PID.
start_zookeeper() {
  local dir="$1" port="$2"
  mkdir -p "$dir"
  cat > "$dir/zoo.cfg" <<CFG
tickTime=2000
dataDir=$dir/data
clientPort=$port
clientPortAddress=127.0.0.1
admin.enableServer=false
4lw.commands.whitelist=ruok
CFG
  java -cp "/usr/share/java/zookeeper.jar:/usr/share/java/slf4j-simple.jar" \
    org.apache.zookeeper.server.quorum.QuorumPeerMain "$dir/zoo.cfg" > "$dir/zookeeper.log" 2>&1 &
  ZOOKEEPER_PID=$!
  for _ in $(seq 1 60); do
    [ "$(echo ruok | (exec 3<>"/dev/tcp/127.0.0.1/$port" && cat >&3 && cat <&3) 2>/dev/null)" = imok ] && return 0
    sleep 1
  done
  echo "ZooKeeper did not answer on 127.0.0.1:$port; see $dir/zookeeper.log" >&2
  return 1
}

# start_postgres DIR PORT USER: a PostgreSQL server on 127.0.0.1:PORT with its data in DIR (created on first use), a
# superuser USER that needs no password, and a database named USER.
start_postgres() {
  local dir="$1" port="$2" user="$3" bin
  bin="$(postgres_bin)"
  if [ ! -f "$dir/PG_VERSION" ]; then
    mkdir -p "$dir"
    [ "$(id -u)" -eq 0 ] && chown postgres "$dir"
    as_postgres "$bin/initdb" -D "$dir" -U "$user" --auth=trust >/dev/null || return 1
  fi
  as_postgres "$bin/pg_ctl" -D "$dir" -l "$dir/server.log" -w -o "-p $port -k $dir -c listen_addresses=127.0.0.1" start >/dev/null \
    || { echo "PostgreSQL did not start on 127.0.0.1:$port; see $dir/server.log" >&2; return 1; }
  "$bin/psql" -h 127.0.0.1 -p "$port" -U "$user" -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '$user'" | grep -q 1 \
    || "$bin/createdb" -h 127.0.0.1 -p "$port" -U "$user" "$user"
}

# stop_postgres DIR
stop_postgres() { as_postgres "$(postgres_bin)/pg_ctl" -D "$1" -m fast stop >/dev/null 2>&1 || true; }
