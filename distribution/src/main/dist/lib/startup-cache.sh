# Sourced by bin/websms and bin/websms-startup-cache: what an AOT cache was made for. The JVM refuses a cache made
# by another Java or for other jars, silently, and then runs without any; so the scripts use lib/websms.aot only
# while this stamp is the one bin/websms-startup-cache wrote beside it.

_websms_cache_stamp() {
  # Prints the stamp of the Java in JAVA_HOME and the jars in $1/lib.
  local java release jars
  java="$(readlink -f "$JAVA_HOME")"
  if [ -f "$JAVA_HOME/release" ]; then
    release="$(cksum < "$JAVA_HOME/release")"
  else
    release="$(stat -c '%s %Y' "$JAVA_HOME/lib/modules" 2>/dev/null || echo unknown)"
  fi
  jars="$(stat -c '%n %s %Y' "$1"/lib/*.jar | cksum)"
  printf '%s|%s|%s\n' "$java" "$release" "$jars"
}
