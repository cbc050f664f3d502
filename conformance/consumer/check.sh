#!/usr/bin/env bash
# What an application gets when it depends on org.rnc:rnc: run after `mvn install` of the plugin.
# Resolves this project's run-time class path from the local repository, checks that the plugin jar references
# nothing outside it (jdeps), and runs ConsumerCheck.java on that class path with stdout and stderr captured:
# both must hold only ConsumerCheck's own lines (no TensorFlow log lines).
#   bash conformance/consumer/check.sh
set -euo pipefail
cd "$(dirname "$0")"
mkdir -p target
mvn -B -q dependency:build-classpath -Dmdep.includeScope=runtime -Dmdep.outputFile=target/classpath.txt
CP="$(cat target/classpath.txt)"
PLUGIN="$(tr ':' '\n' < target/classpath.txt | grep '/rnc-0.1.0-SNAPSHOT.jar$')"
# every class the plugin jar uses is in the JDK or on this class path
MISSING="$(jdeps --multi-release 17 --missing-deps -cp "$CP" "$PLUGIN" || true)"
if [ -n "$MISSING" ]; then echo "the plugin jar uses classes that are not on its class path:" >&2; echo "$MISSING" >&2; exit 1; fi
env -u TF_CPP_MIN_LOG_LEVEL java -Drnc.cache.dir=target/rnc-cache -cp "$CP" ConsumerCheck.java "$CP" > target/out.txt 2> target/err.txt \
  || { cat target/out.txt target/err.txt >&2; exit 1; }
cat target/out.txt
if [ -s target/err.txt ]; then echo "stderr was not empty:" >&2; cat target/err.txt >&2; exit 1; fi
