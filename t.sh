set -euo pipefail
RUN_DIR=/tmp/pidtest
read_pid_file() { [[ -r "$1" ]] && head -n1 "$1" | tr -dc '0-9'; }
f() { local pid file
for part in alive dead missing; do
    for file in "$RUN_DIR/$part.pid" "$RUN_DIR/$part.jvm.pid"; do
      pid="$(read_pid_file "$file" || true)"
      [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null && continue
      rm -f "$file"
    done
done; }
f; ls $RUN_DIR
