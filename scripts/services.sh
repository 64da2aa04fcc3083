#!/usr/bin/env bash
# Starts the local MariaDB and Redis this project needs when they are not answering, installing
# them from Debian's packages where they are missing, and installs Chromium (the browser tests)
# when it is missing. Safe to run again: it leaves running ones be.
set -euo pipefail

say() { printf '[services] %s\n' "$*"; }
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

mysql_answers() { mysqladmin --protocol=tcp -h127.0.0.1 -P3306 -uroot --connect-timeout=2 ping >/dev/null 2>&1; }
redis_answers() { [ "$(redis-cli -h 127.0.0.1 -p 6379 ping 2>/dev/null)" = "PONG" ]; }

if ! command -v mariadbd >/dev/null 2>&1 && [ ! -x /usr/sbin/mariadbd ] || ! command -v redis-server >/dev/null 2>&1; then
  say "installing mariadb-server and redis-server"
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq mariadb-server redis-server >/dev/null
fi

# The browser tests (test/browser) drive Debian's Chromium through playwright-core; a CJK font
# (WenQuanYi Micro Hei, 5 MB) so that the console's Chinese renders in their screenshots.
if ! command -v chromium >/dev/null 2>&1 && [ ! -x /usr/bin/chromium ] ||
  [ ! -e /usr/share/fonts/truetype/wqy/wqy-microhei.ttc ]; then
  say "installing chromium and fonts-wqy-microhei (for the browser tests)"
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq chromium fonts-wqy-microhei >/dev/null
fi

if ! mysql_answers; then
  say "starting MariaDB"
  as_root mkdir -p /run/mysqld
  as_root chown mysql:mysql /run/mysqld
  as_root start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd -- --user=mysql
  for _ in $(seq 1 60); do
    mysqladmin -uroot --connect-timeout=2 ping >/dev/null 2>&1 && break
    sleep 1
  done
fi
if ! mysql --protocol=tcp -h127.0.0.1 -uroot -e 'SELECT 1' >/dev/null 2>&1; then
  say "letting root sign in over TCP with an empty password (local development only)"
  as_root mysql -uroot -e "ALTER USER 'root'@'localhost' IDENTIFIED VIA unix_socket OR mysql_native_password USING PASSWORD('');
    CREATE USER IF NOT EXISTS 'root'@'127.0.0.1' IDENTIFIED BY '';
    GRANT ALL PRIVILEGES ON *.* TO 'root'@'127.0.0.1' WITH GRANT OPTION; FLUSH PRIVILEGES;"
fi
mysql_answers || { say "MariaDB does not answer on 127.0.0.1:3306"; exit 1; }

if ! redis_answers; then
  say "starting Redis"
  as_root mkdir -p /var/lib/redis /var/log/redis
  as_root redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no \
    --dir /var/lib/redis --logfile /var/log/redis/ci.log
  for _ in $(seq 1 30); do redis_answers && break; sleep 0.5; done
fi
redis_answers || { say "Redis does not answer on 127.0.0.1:6379"; exit 1; }
say "MariaDB and Redis are up; Chromium at $(command -v chromium || echo /usr/bin/chromium)"
