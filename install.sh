#!/bin/sh
# Installs k3j on this machine and starts a single-node server, as the K3s installer does.
#   sudo ./install.sh                       # install + start `k3j server`
#   INSTALL_K3J_SKIP_START=true ./install.sh  # install only
#   INSTALL_K3J_EXEC="--disable traefik" ./install.sh  # extra server flags, kept in the unit
# Environment: INSTALL_K3J_BIN_DIR (default /usr/local/bin), INSTALL_K3J_SKIP_APT, K3J_TOKEN,
# K3J_DATASTORE_ENDPOINT (persisted into the service environment file).
set -eu

BIN_DIR=${INSTALL_K3J_BIN_DIR:-/usr/local/bin}
SRC_DIR=$(cd "$(dirname "$0")" && pwd)
SYSTEMD_DIR=/etc/systemd/system
ENV_FILE=/etc/systemd/system/k3j.service.env
DATA_DIR=/var/lib/rancher/k3j
LOG_FILE=/var/log/k3j.log
PID_FILE=/run/k3j.pid

info() { echo "[INFO]  $*"; }
fatal() { echo "[ERROR] $*" >&2; exit 1; }

[ "$(id -u)" -eq 0 ] || fatal "run as root (sudo $0)"

# 1. Packages the node side needs (containerd + runc over CRI, CNI plugins, nftables for services).
if [ -z "${INSTALL_K3J_SKIP_APT:-}" ] && command -v apt-get >/dev/null 2>&1; then
  missing=""
  for p in containerd runc containernetworking-plugins nftables iproute2; do
    dpkg -s "$p" >/dev/null 2>&1 || missing="$missing $p"
  done
  if [ -n "$missing" ]; then
    info "installing packages:$missing"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing >/dev/null
  fi
elif [ -z "${INSTALL_K3J_SKIP_APT:-}" ]; then
  info "not a Debian/Ubuntu system: install containerd, runc, CNI plugins, nftables and iproute2 yourself"
fi

# 2. A JDK (or JRE) 21+; the k3j launcher finds it in JAVA_HOME, PATH or /usr/lib/jvm.
java_ok=""
for j in "${JAVA_HOME:+$JAVA_HOME/bin/java}" "$(command -v java 2>/dev/null || true)" /usr/lib/jvm/*/bin/java; do
  [ -n "$j" ] && [ -x "$j" ] || continue
  v=$("$j" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = \([0-9]*\).*/\1/p')
  if [ -n "$v" ] && [ "$v" -ge 21 ]; then java_ok=$j; break; fi
done
if [ -z "$java_ok" ]; then
  fatal "k3j needs Java 21 or newer. Install one, e.g. 'apt-get install openjdk-21-jre-headless' (Ubuntu 24.04, Debian 13) or Eclipse Temurin 21/25 from adoptium.net, then run this again."
fi
info "using Java at $java_ok"
JAVA_HOME_FOUND=$(dirname "$(dirname "$(readlink -f "$java_ok")")")

# 3. The executable: build it from this checkout if it is not built yet.
if [ ! -x "$SRC_DIR/target/k3j" ]; then
  info "building k3j (first time: downloads Maven and dependencies)"
  (cd "$SRC_DIR" && JAVA_HOME=$JAVA_HOME_FOUND ./mvnw -B -q -DskipTests package)
fi
install -m 0755 "$SRC_DIR/target/k3j" "$BIN_DIR/k3j"
info "installed $BIN_DIR/k3j ($("$BIN_DIR/k3j" --version | head -1))"

# 4. Service environment, systemd unit, uninstall script.
umask 077
: > "$ENV_FILE.tmp"
echo "JAVA_HOME=$JAVA_HOME_FOUND" >> "$ENV_FILE.tmp"
for v in K3J_TOKEN K3J_AGENT_TOKEN K3J_DATASTORE_ENDPOINT K3J_NODE_NAME K3J_CONFIG_FILE; do
  eval "val=\${$v:-}"
  [ -n "$val" ] && echo "$v=$val" >> "$ENV_FILE.tmp"
done
mv "$ENV_FILE.tmp" "$ENV_FILE"
umask 022

cat > "$SYSTEMD_DIR/k3j.service" <<UNIT
[Unit]
Description=k3j - lightweight Kubernetes on the JVM
Documentation=file://$SRC_DIR/README.md
Wants=network-online.target
After=network-online.target

[Service]
Type=simple
EnvironmentFile=-$ENV_FILE
ExecStart=$BIN_DIR/k3j server ${INSTALL_K3J_EXEC:-}
KillMode=mixed
TimeoutStopSec=15
Restart=always
RestartSec=5s
LimitNOFILE=1048576
Delegate=yes

[Install]
WantedBy=multi-user.target
UNIT

cat > "$BIN_DIR/k3j-uninstall.sh" <<UNINSTALL
#!/bin/sh
# Removes k3j: stops the server, deletes the unit, the binary, its data and its kubeconfig.
set -u
[ "\$(id -u)" -eq 0 ] || { echo "run as root" >&2; exit 1; }
if [ -d /run/systemd/system ]; then
  systemctl disable --now k3j.service 2>/dev/null || true
  systemctl daemon-reload 2>/dev/null || true
fi
if [ -f $PID_FILE ]; then
  pid=\$(cat $PID_FILE)
  kill "\$pid" 2>/dev/null || true
  # Wait for the orderly shutdown (the first run of a build also writes its JVM start-up cache).
  i=0
  while kill -0 "\$pid" 2>/dev/null && [ \$i -lt 60 ]; do i=\$((i + 1)); sleep 0.5; done
  kill -9 "\$pid" 2>/dev/null || true
  rm -f $PID_FILE
fi
rm -f $SYSTEMD_DIR/k3j.service $ENV_FILE $BIN_DIR/k3j
rm -rf $DATA_DIR /etc/rancher/k3j "\${HOME:-/root}/.cache/k3j"
rm -f $BIN_DIR/k3j-uninstall.sh
echo "k3j uninstalled"
UNINSTALL
chmod 0755 "$BIN_DIR/k3j-uninstall.sh"
info "wrote $SYSTEMD_DIR/k3j.service and $BIN_DIR/k3j-uninstall.sh"

[ "${INSTALL_K3J_SKIP_START:-}" = "true" ] && { info "not starting (INSTALL_K3J_SKIP_START=true)"; exit 0; }

# 5. Start: through systemd where it runs, else in the background with a pid file.
if [ -d /run/systemd/system ]; then
  systemctl daemon-reload
  systemctl enable --now k3j.service
  info "started k3j.service (journalctl -u k3j -f)"
else
  info "systemd is not running here; the command that starts the server is:"
  info "  $BIN_DIR/k3j server ${INSTALL_K3J_EXEC:-}"
  if [ -f "$PID_FILE" ] && kill -0 "$(cat "$PID_FILE")" 2>/dev/null; then
    info "k3j is already running (pid $(cat "$PID_FILE"))"
  else
    (set -a; . "$ENV_FILE"; set +a; nohup "$BIN_DIR/k3j" server ${INSTALL_K3J_EXEC:-} >> "$LOG_FILE" 2>&1 &
     echo $! > "$PID_FILE")
    info "started it in the background (pid $(cat "$PID_FILE"), log $LOG_FILE)"
  fi
fi

# 6. Wait until the API answers (through kubectl when there is one), then say how to use it.
i=0
while :; do
  if [ -f /etc/rancher/k3j/k3j.yaml ]; then
    command -v kubectl >/dev/null 2>&1 || break
    "$BIN_DIR/k3j" kubectl get --raw /readyz >/dev/null 2>&1 && break
  fi
  i=$((i + 1))
  [ $i -gt 240 ] && fatal "k3j did not become ready in 120 s; see $LOG_FILE or journalctl -u k3j"
  sleep 0.5
done
info "k3j is up. Kubeconfig: /etc/rancher/k3j/k3j.yaml  (try: k3j kubectl version)"
