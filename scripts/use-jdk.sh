# Source this file (". scripts/use-jdk.sh"): it points JAVA_HOME and PATH at a JDK 21 or newer.
# It keeps JAVA_HOME when that is already a JDK >= 21, else takes the newest one under /usr/lib/jvm.
# websms needs 21+ because Helidon 4 ships Java 21 class files.

_websms_jdk_major() {
  # Prints the feature version of the JDK at $1 (e.g. 25), or nothing when it is no JDK.
  [ -x "$1/bin/java" ] && [ -x "$1/bin/javac" ] || return 1
  "$1/bin/java" -XshowSettings:properties -version 2>&1 \
    | sed -n 's/^ *java\.specification\.version = \([0-9][0-9]*\).*/\1/p' | head -n 1
}

_websms_pick_jdk() {
  local candidate major best="" best_major=0
  if [ -n "${JAVA_HOME:-}" ]; then
    major=$(_websms_jdk_major "$JAVA_HOME")
    if [ -n "$major" ] && [ "$major" -ge 21 ]; then
      printf '%s\n' "$JAVA_HOME"
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
  printf '%s\n' "$best"
}

if _websms_jdk="$(_websms_pick_jdk)"; then
  export JAVA_HOME="$_websms_jdk"
  case ":$PATH:" in
    *":$JAVA_HOME/bin:"*) ;;
    *) export PATH="$JAVA_HOME/bin:$PATH" ;;
  esac
  unset _websms_jdk
else
  echo "websms: no JDK 21 or newer found (JAVA_HOME='${JAVA_HOME:-}', none under /usr/lib/jvm)." >&2
  echo "websms: install one (Debian: apt-get install openjdk-21-jdk-headless, or Temurin 21+) and set JAVA_HOME to it." >&2
  unset _websms_jdk
  return 1 2>/dev/null || exit 1
fi
