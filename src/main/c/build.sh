#!/usr/bin/env bash
# Builds RNC's JNI helper for Linux x86-64 into the resources (committed: a build needs no C compiler).
#   bash src/main/c/build.sh        (needs gcc and a JDK; JAVA_HOME or the javac on PATH)
set -euo pipefail
cd "$(dirname "$0")/../../.."
JH="${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")}"
OUT=src/main/resources/org/rnc/model/native/linux-x86_64/librncnativelogs.so
mkdir -p "$(dirname "$OUT")"
gcc -O2 -fPIC -shared -Wall -Werror -fno-stack-protector -fno-builtin -Wl,--hash-style=both -Wl,-z,noexecstack -Wl,-z,now \
    -I"$JH/include" -I"$JH/include/linux" -o "$OUT" src/main/c/rnc_native_logs.c
strip --strip-unneeded "$OUT"
echo "$OUT: $(stat -c %s "$OUT") bytes; needs: $(objdump -T "$OUT" | grep -o 'GLIBC_[0-9.]*' | sort -uV | tr '\n' ' ')"
