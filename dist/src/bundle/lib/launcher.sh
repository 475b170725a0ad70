# Sourced by every launcher of the bundle, after it has set DKM_HOME (the bundle's directory,
# found through readlink -f so that DATA_DIR/bin/dkm, a link, works too).
# When the launcher was called through DATA_DIR/bin, DATA_DIR/bin/env names the install.

launcher_dir=$(cd "$(dirname "$0")" && pwd)
if [ -f "$launcher_dir/env" ]; then
    DKM_DATA_DIR=$(. "$launcher_dir/env" && printf '%s' "$DKM_DATA_DIR")
    export DKM_DATA_DIR
fi
export DKM_HOME

# dkm_java MAIN_CLASS [JVM options...] -- [arguments...]
dkm_java() {
    main=$1
    shift
    jvm_options=""
    while [ $# -gt 0 ] && [ "$1" != "--" ]; do
        jvm_options="$jvm_options $1"
        shift
    done
    [ $# -gt 0 ] && shift
    # the log manager keeps the lines a program logs while it stops (see its class comment)
    # shellcheck disable=SC2086  # the options are words on purpose
    exec "$DKM_HOME/runtime/bin/java" $jvm_options $DKM_JAVA_OPTS \
        -Djava.util.logging.manager=org.dkumonitor.core.logging.ShutdownSafeLogManager \
        -cp "$DKM_HOME/lib/*" "$main" "$@"
}
