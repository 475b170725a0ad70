#!/bin/sh
# dkumonitor DATA_DIR=/srv/dkm
# Written by dkmadmin install-boot; remove it with /srv/dkm/bin/dkmadmin uninstall-boot -name dkumonitor
### BEGIN INIT INFO
# Provides:          dkumonitor
# Required-Start:    $network $remote_fs $syslog
# Required-Stop:     $network $remote_fs $syslog
# Default-Start:     2 3 4 5
# Default-Stop:      0 1 6
# Short-Description: dkumonitor: dkumonitor of /srv/dkm
### END INIT INFO

dkm='/srv/dkm/bin/dkm'
owner='monitor'

# runs dkm as the owner of DATA_DIR
as_owner() {
    if [ "$(id -un)" = "$owner" ]; then
        "$dkm" "$@"
    else
        su -s /bin/sh -c 'exec "$0" "$@"' "$owner" "$dkm" "$@"
    fi
}

case "$1" in
    start) as_owner start ;;
    stop) as_owner stop ;;
    restart|force-reload) as_owner stop; as_owner start ;;
    status)
        # LSB: 0 running, 3 not running; dkm status: 3 not all RUNNING, 4 no supervisor
        as_owner status
        code=$?
        [ "$code" -eq 4 ] && exit 3
        exit "$code"
        ;;
    *) echo "Usage: $0 {start|stop|restart|force-reload|status}" >&2; exit 2 ;;
esac
