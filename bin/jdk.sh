# Sourced by the project's scripts: points JAVA_HOME at a JDK 21 or newer, or stops with one clear line.
# Order: JAVA_HOME if it is 21+, then `java` on the PATH, then the newest JDK under /usr/lib/jvm.

_java_major() { # prints the feature version of the java binary given, or nothing
  "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = //p' | head -n 1
}

_jdk_ok() { # a JDK home whose java is 21+ and which has javac
  local home="$1" major
  [ -x "$home/bin/java" ] && [ -x "$home/bin/javac" ] || return 1
  major=$(_java_major "$home/bin/java")
  [ -n "$major" ] && [ "${major%%.*}" -ge 21 ] 2>/dev/null
}

_pick_jdk() {
  local candidate
  if [ -n "${JAVA_HOME:-}" ] && _jdk_ok "$JAVA_HOME"; then echo "$JAVA_HOME"; return 0; fi
  if command -v javac >/dev/null 2>&1; then
    candidate=$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")
    if _jdk_ok "$candidate"; then echo "$candidate"; return 0; fi
  fi
  for candidate in $(ls -d /usr/lib/jvm/*/ /Library/Java/JavaVirtualMachines/*/Contents/Home/ 2>/dev/null | sort -rV); do
    candidate="${candidate%/}"
    if _jdk_ok "$candidate"; then echo "$candidate"; return 0; fi
  done
  return 1
}

if _jdk=$(_pick_jdk); then
  export JAVA_HOME="$_jdk"
  export PATH="$JAVA_HOME/bin:$PATH"
else
  echo "error: this project needs a JDK 21 or newer; none found (set JAVA_HOME to one)." >&2
  exit 1
fi
unset _jdk
