# Sourced by make-package and run-tests: finds the JDK this project builds with and exports
# JAVA_HOME and PATH for Maven. The machine's default java may be older (17), so we look for
# a JDK 25 or newer: JAVA_HOME if it qualifies, else the newest under /usr/lib/jvm.

dkm_java_major() {
    # prints the feature version of the JDK at $1 (e.g. 25), or nothing
    local release="$1/release"
    [ -r "$release" ] || return 0
    sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$release"
}

dkm_find_jdk() {
    local minimum=25 best="" best_major=0 candidate major
    if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/javac" ]; then
        major=$(dkm_java_major "$JAVA_HOME")
        if [ -n "$major" ] && [ "$major" -ge "$minimum" ]; then
            echo "$JAVA_HOME"
            return 0
        fi
    fi
    for candidate in /usr/lib/jvm/*; do
        [ -x "$candidate/bin/javac" ] && [ -x "$candidate/bin/jlink" ] || continue
        major=$(dkm_java_major "$candidate")
        [ -n "$major" ] || continue
        if [ "$major" -ge "$minimum" ] && [ "$major" -gt "$best_major" ]; then
            best="$candidate"
            best_major="$major"
        fi
    done
    if [ -z "$best" ]; then
        echo "no JDK $minimum or newer found (looked at JAVA_HOME and /usr/lib/jvm/*);" \
             "install one, e.g. a Temurin or OpenJDK 25 under /usr/lib/jvm" >&2
        return 1
    fi
    echo "$best"
}

JAVA_HOME=$(dkm_find_jdk) || exit 1
export JAVA_HOME
export PATH="$JAVA_HOME/bin:$PATH"

# Maven's own bundled libraries call sun.misc.Unsafe, which JDK 23+ warns about on every run.
if [ "$(dkm_java_major "$JAVA_HOME")" -ge 23 ]; then
    case " ${MAVEN_OPTS:-} " in
        *sun-misc-unsafe-memory-access*) ;;
        *) export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow" ;;
    esac
fi
