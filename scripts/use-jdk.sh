# Source this file (". scripts/use-jdk.sh"): it points JAVA_HOME and PATH at a JDK 21 or newer, and sets
# WEBSMS_JAVA_VERSION to its feature version (e.g. 25). It keeps JAVA_HOME when that is already good, else takes the
# newest one under /usr/lib/jvm. websms needs 21+ because Helidon 4 ships Java 21 class files.
# With WEBSMS_JRE_OK=1 (the distribution's scripts, which only run websms) a JRE will do: javac is not needed.

_websms_jdk_major() {
  # Prints the feature version of the Java at $1 (e.g. 25); fails when there is none there (or no javac, to build).
  local version
  [ -x "$1/bin/java" ] || return 1
  if [ "${WEBSMS_JRE_OK:-}" != 1 ] && [ ! -x "$1/bin/javac" ]; then
    return 1
  fi
  # The release file says it without starting a JVM (this runs before every command, classic AGI included).
  if [ -f "$1/release" ]; then
    version=$(sed -n 's/^JAVA_VERSION="\([0-9][0-9]*\).*/\1/p' "$1/release" | head -n 1)
    if [ -n "$version" ]; then
      printf '%s\n' "$version"
      return 0
    fi
  fi
  "$1/bin/java" -XshowSettings:properties -version 2>&1 \
    | sed -n 's/^ *java\.specification\.version = \([0-9][0-9]*\).*/\1/p' | head -n 1
}

_websms_pick_jdk() {
  local candidate major best="" best_major=0
  if [ -n "${JAVA_HOME:-}" ]; then
    major=$(_websms_jdk_major "$JAVA_HOME")
    if [ -n "$major" ] && [ "$major" -ge 21 ]; then
      printf '%s %s\n' "$major" "$JAVA_HOME"
      return 0
    fi
  fi
  for candidate in /usr/lib/jvm/*; do
    [ -d "$candidate" ] && [ ! -L "$candidate" ] || continue
    major=$(_websms_jdk_major "$candidate") || continue
    if [ -n "$major" ] && [ "$major" -ge 21 ] && [ "$major" -gt "$best_major" ]; then
      best="$candidate"
      best_major="$major"
    fi
  done
  [ -n "$best" ] || return 1
  printf '%s %s\n' "$best_major" "$best"
}

if _websms_jdk="$(_websms_pick_jdk)"; then
  export WEBSMS_JAVA_VERSION="${_websms_jdk%% *}"
  export JAVA_HOME="${_websms_jdk#* }"
  case ":$PATH:" in
    *":$JAVA_HOME/bin:"*) ;;
    *) export PATH="$JAVA_HOME/bin:$PATH" ;;
  esac
  unset _websms_jdk
else
  if [ "${WEBSMS_JRE_OK:-}" = 1 ]; then
    echo "websms: no Java 21 or newer found (JAVA_HOME='${JAVA_HOME:-}', none under /usr/lib/jvm)." >&2
    echo "websms: install one (Debian: apt-get install openjdk-21-jre-headless, or Temurin 21+) and set JAVA_HOME to it." >&2
  else
    echo "websms: no JDK 21 or newer found (JAVA_HOME='${JAVA_HOME:-}', none under /usr/lib/jvm)." >&2
    echo "websms: install one (Debian: apt-get install openjdk-21-jdk-headless, or Temurin 21+) and set JAVA_HOME to it." >&2
  fi
  unset _websms_jdk
  return 1 2>/dev/null || exit 1
fi
