# Classic AGI through the daemon, sourced by bin/websms when Asterisk starts it as an AGI script (AST_AGI_DIR set).
#
# A JVM start costs 0.3 to 1.2 s per SMS; the daemon is already running. When the websmsd of the same websms.conf
# answers on its FastAGI address (agi_addr, on this machine), websms_agi_relay hands it the call and relays the AGI
# lines between Asterisk and the daemon, which sends; the script exits as the in-process one would. Otherwise it
# returns, and bin/websms sends in process as before, with WEBSMS_AGI_READ holding what was already read of
# standard input. The daemon speaks first (websms-relay: ok) before sending anything, so the fallback happens only
# when it certainly took nothing: no connection, a refusal (another websms.conf), or a daemon without the relay.
# See docs/cli.md, "Classic AGI through the daemon".

# The FastAGI address of [websmsd] agi_addr in websms.conf $1, for a daemon on this machine, in _websms_host and
# _websms_port (variables, not output: a command substitution would cost a process); fails
# when there is none (agi_addr empty or off), or when the file says something this reader does not follow (a
# ${VARIABLE}, an escape): the JVM reads it then.
_websms_relay_address() {
  local section="" line key value addr="127.0.0.1:4573" lines
  mapfile -t lines < "$1" 2>/dev/null || return 1
  for line in ${lines[@]+"${lines[@]}"}; do
    line="${line%$'\r'}"
    line="${line#"${line%%[![:space:]]*}"}"
    case $line in
      \[*\]*) section="${line#\[}"; section="${section%%\]*}"; continue ;;
    esac
    [ "$section" = websmsd ] || continue
    case $line in agi_addr=* | agi_addr[[:space:]]*=*) ;; *) continue ;; esac
    key="${line%%=*}"
    [ "${key%"${key##*[![:space:]]}"}" = agi_addr ] || continue
    value="${line#*=}"
    value="${value#"${value%%[![:space:]]*}"}"
    case $value in
      \"*) value="${value#\"}"; [[ $value == *\"* ]] || return 1; value="${value%%\"*}" ;;
      \'*) value="${value#\'}"; [[ $value == *\'* ]] || return 1; value="${value%%\'*}" ;;
      *) value="${value%%;*}"; value="${value%"${value##*[![:space:]]}"}"
         case ${value,,} in no | off | none | false | null) value="" ;; esac ;;
    esac
    case $value in *[\$\\]*) return 1 ;; esac
    addr="$value"
  done
  # As ListenAddress reads it: host:port, [v6]:port or *:port. Only this machine's own daemon: no connection that
  # could hang, nothing opened that was not.
  [[ $addr =~ ^(\[([0-9A-Fa-f:.]+)\]|([A-Za-z0-9.-]+|\*)):([0-9]{1,5})$ ]] || return 1
  _websms_host="${BASH_REMATCH[2]:-${BASH_REMATCH[3]}}"
  _websms_port="${BASH_REMATCH[4]}"
  [ "$_websms_port" -ge 1 ] && [ "$_websms_port" -le 65535 ] || return 1
  case $_websms_host in
    \* | 0.0.0.0) _websms_host=127.0.0.1 ;;
    :: | 0:0:0:0:0:0:0:0) _websms_host=::1 ;;
    localhost | 127.* | ::1) ;;
    *) return 1 ;;
  esac
}

# $1 with every byte but the unreserved ones as %XX, in _websms_encoded: how a body with a line break travels as one agi_arg line (the
# "uri" form, which the daemon decodes).
_websms_uri_encode() {
  local LC_ALL=C text="$1" c i
  _websms_encoded=""
  for ((i = 0; i < ${#text}; i++)); do
    c="${text:i:1}"
    case $c in
      [A-Za-z0-9._~-]) _websms_encoded+="$c" ;;
      *) printf -v c '%%%02X' "'$c"; _websms_encoded+="$c" ;;
    esac
  done
}

# Hands the call of arguments "$@" (the original's TO FROM BODY [INDEX], as Asterisk passes them) to the daemon.
# Exits when the daemon took it; returns when websms must send by itself.
websms_agi_relay() {
  WEBSMS_AGI_READ=""
  # Only the original's form; options, commands and WEBSMS_LOG_LEVEL (log lines on Asterisk's console) go the JVM's way.
  [ $# -ge 3 ] && [ $# -le 5 ] && [ -z "${WEBSMS_LOG_LEVEL:-}" ] || return 0
  case $1 in
    -* | send | agi | websmsd | daemon | queue | inbox | reload | check-config | startup-training | status | help) return 0 ;;
  esac
  local config="${WEBSMS_CONFIG:-/etc/asterisk/websms.conf}"
  [ "${config:0:1}" = / ] || config="$PWD/$config"
  _websms_relay_address "$config" || return 0
  local -a args=("$@")
  local i
  for i in 0 1 3 4; do
    [[ ${args[i]:-} != *[$'\n\r']* ]] || return 0
  done
  if [[ ${args[2]} == *[$'\n\r']* ]]; then
    [ $# -lt 5 ] || return 0
    _websms_uri_encode "$3"
    args=("$1" "$2" "$_websms_encoded" "${4:-}" uri)
  fi
  { exec 3<>"/dev/tcp/$_websms_host/$_websms_port"; } 2>/dev/null || return 0

  # Asterisk's environment, up to its empty line. It writes the arguments raw, a line break in one breaking its line,
  # and last, as agi_arg_1 … agi_arg_N: the lines they take are known from "$@", so a body's empty line is no end.
  local line environment="" expected="" n=0
  for ((i = 1; i <= $#; i++)); do
    expected+="agi_arg_$i: ${!i}"$'\n'
  done
  while IFS= read -r line; do
    WEBSMS_AGI_READ+="$line"$'\n'
    if [ -z "$line" ]; then
      break
    fi
    if [[ $line == agi_arg_1:* ]]; then
      # Read exactly the lines the arguments take; any other text is no environment this relay understands.
      local rest="$line"$'\n'
      while [ "${#rest}" -lt "${#expected}" ] && IFS= read -r line; do
        WEBSMS_AGI_READ+="$line"$'\n'
        rest+="$line"$'\n'
        [ "${expected:0:${#rest}}" = "$rest" ] || break
      done
      if [ "$rest" = "$expected" ] && IFS= read -r line; then
        WEBSMS_AGI_READ+="$line"$'\n'
        [ -n "$line" ] || break
      fi
      exec 3<&-
      return 0
    fi
    case $line in agi_network*) ;; *) environment+="$line"$'\n' ;; esac
  done
  if [ -z "$line" ] && [ -n "$environment" ]; then
    environment+="agi_network: yes"$'\n'"agi_network_script: websms-relay"$'\n'"agi_websms_config: $config"$'\n'
    for ((i = 0; i < ${#args[@]}; i++)); do
      environment+="agi_arg_$((i + 1)): ${args[i]}"$'\n'
    done
    printf '%s\n' "$environment" >&3 2>/dev/null && IFS= read -r line <&3 || line=""
  else
    line="" # the environment ended early: the JVM says so
  fi
  if [ "$line" != "websms-relay: ok" ]; then
    exec 3<&-
    return 0
  fi

  # The call is the daemon's: relay its commands to Asterisk and each reply back, up to its exit line.
  trap '' PIPE
  local reply broke
  while broke="websmsd closed the call before its end"; IFS= read -r line <&3; do # then the SMS may or may not be sent
    case $line in
      "websms-relay: exit "*)
        line="${line#websms-relay: exit }"
        [ "${line%% *}" = "$line" ] || printf 'websms: %s\n' "${line#* }" >&2
        exit "${line%% *}" ;;
    esac
    broke="Asterisk closed the AGI connection"
    printf '%s\n' "$line" 2>/dev/null || break
    # Asterisk's reply, past any line that is none (a HANGUP notice, a 520- usage line), as the daemon skips them.
    while IFS= read -r reply; do
      if ! printf '%s\n' "$reply" >&3 2>/dev/null; then
        broke="websmsd closed the call before its end"
        break 2
      fi
      [[ ${reply%$'\r'} =~ ^[0-9]{3}(\ |$) ]] && continue 2
    done
    break
  done
  printf 'websms: the AGI connection broke: %s\n' "$broke" >&2
  exit 75
}
