#!/usr/bin/env bash
# Builds the double-clickable Latent Lab app image: a jlink runtime of exactly the JDK and JavaFX modules
# the app needs, and a jpackage app-image around it with the native launcher bin/latentlab, the icon, a
# Linux .desktop entry, the shipped models/ and assets/, and ND4J on the class path with the native
# libraries of this platform only. See jlink/README.md.
#
#   jlink/build-image.sh [--natives packed|unpacked|jars] [--compress zip-0..9] [--cds|--no-cds] [--aot|--no-aot]
#                        [--icon FILE] [--dest DIR]
# Tested on Linux. On Windows (Git Bash) and macOS the runtime and the app-image are built the same way, from
# a build with that platform's -Djavacpp.platform (give --icon an .ico or .icns); the AOT cache and the menu
# entry steps run on Linux only.
#
# Needs target/latentlab.jar and target/lib/ (./lab build, or mvn package) and a JDK 25 with jlink and
# jpackage (JAVA_HOME, or the one ./lab finds). Prints the image's path and size last.
set -euo pipefail
cd "$(dirname "$0")/.."

NAME=latentlab
VERSION=0.1.0
# The JDK modules, from `jdeps --print-module-deps` over the app and its class path (java.net.http: dataset
# downloads; java.sql, java.compiler, jdk.management, jdk.unsupported: ND4J and its libraries), and the
# JavaFX modules the window uses. Their own dependencies (java.desktop, java.logging, javafx.graphics, ...)
# come with them.
MODULES=java.base,java.compiler,java.net.http,java.sql,jdk.management,jdk.unsupported,javafx.controls,javafx.swing
# Passed to the JVM by the launcher: what ND4J and the FFM calls need, a heap of half the memory, and
# collector pauses of about 20 ms (G1's default goal of 200 ms let them reach 50 ms while training: a
# frozen frame; see BENCHMARKS.md), and C2's thresholds at ten times HotSpot's defaults, as in ../lab (the
# window's lukewarm methods stay with C1 rather than being compiled by C2 beside training), except for Marlin's
# scan converter, the renderer's hottest method, which keeps HotSpot's own (see ../lab). (JavaFX is a
# module of the runtime here, so javafx.graphics is named for its native access.)
JAVA_OPTIONS=(--enable-native-access=ALL-UNNAMED,javafx.graphics --sun-misc-unsafe-memory-access=allow
              -XX:MaxRAMPercentage=50 -XX:MaxGCPauseMillis=20
              -XX:Tier4InvocationThreshold=50000 -XX:Tier4MinInvocationThreshold=6000
              -XX:Tier4CompileThreshold=150000 -XX:Tier4BackEdgeThreshold=400000
              -XX:CompileCommand=quiet -XX:CompileCommand=CompileThresholdScaling,com.sun.marlin.Renderer::_endRendering,0.1)

natives=packed
dest=target/image
cds=1
aot=1
compress=zip-6
icon=assets/icons/latentlab.png
while [ $# -gt 0 ]; do
  case "$1" in
    --natives) natives="$2"; shift 2 ;;
    --dest)    dest="$2"; shift 2 ;;
    --compress) compress="$2"; shift 2 ;;
    --cds)     cds=1; shift ;;
    --no-cds)  cds=0; shift ;;
    --icon)    icon="$2"; shift 2 ;;
    --aot)     aot=1; shift ;;
    --no-aot)  aot=0; shift ;;
    *) echo "usage: jlink/build-image.sh [--natives packed|unpacked|jars] [--compress zip-0..9] [--cds|--no-cds] [--aot|--no-aot] [--icon FILE] [--dest DIR]" >&2; exit 2 ;;
  esac
done
case "$natives" in jars|unpacked|packed) ;; *) echo "build-image: --natives takes packed, unpacked or jars, found '$natives'" >&2; exit 2 ;; esac

: "${JAVA_HOME:?build-image: set JAVA_HOME to a JDK 25 (./lab image does)}"
for tool in jlink jpackage java jar; do
  [ -x "$JAVA_HOME/bin/$tool" ] || { echo "build-image: $JAVA_HOME/bin/$tool is missing; a full JDK 25 is needed" >&2; exit 1; }
done
[ -f target/latentlab.jar ] && [ -d target/lib ] || { echo "build-image: target/latentlab.jar is missing: run ./lab build first" >&2; exit 1; }

# JavaFX: the platform jars (javafx-*-linux.jar, -win, -mac, -mac-aarch64) are modules for jlink; the
# classifier-less javafx-*.jar next to them are empty placeholders.
fx_jars=$(ls target/lib/javafx-*-*.jar 2>/dev/null | grep -E -- '-[0-9.]+-(linux|win|mac)[a-z0-9-]*\.jar$' | tr '\n' ':')
[ -n "$fx_jars" ] || { echo "build-image: no JavaFX platform jars in target/lib" >&2; exit 1; }

work=target/jlink
rm -rf "$work" "$dest/$NAME"
mkdir -p "$work" "$dest"
SECONDS=0

echo "== jlink: $MODULES"
jlink_opts=(--module-path "$fx_jars" --add-modules "$MODULES" --strip-debug --no-header-files --no-man-pages
            --compress="$compress")
if [ "$cds" = 1 ]; then
  # a CDS archive of the runtime's classes makes every start quicker (dumping it needs bin/java)
  jlink_opts+=(--generate-cds-archive)
fi
"$JAVA_HOME/bin/jlink" "${jlink_opts[@]}" --output "$work/runtime"
# JavaFX's native libraries come inside its platform jars, so a runtime made from them has none, and each new
# user's first start unpacked them (2.4 MB) into ~/.openjfx/cache, checked again at every start; JavaFX
# loads them from the runtime itself when they lie there (lib/, bin/ on Windows)
case "$(uname -s)" in MINGW*|MSYS*|CYGWIN*) fx_native_dir=bin ;; *) fx_native_dir=lib ;; esac
for jar in ${fx_jars//:/ }; do
  libs=$("$JAVA_HOME/bin/jar" tf "$jar" | grep -E '^[^/]+\.(so|dylib|dll)$' || true)
  if [ -n "$libs" ]; then
    (cd "$work/runtime/$fx_native_dir" && "$JAVA_HOME/bin/jar" xf "$OLDPWD/$jar" $libs)
  fi
done
# bin/java stays for the launcher (jlink/launcher.c), the other commands go; the archive for heaps over
# 32 GB is not worth 14 MB
find "$work/runtime/bin" -mindepth 1 ! -name java ! -name java.exe -exec rm -rf {} +
rm -f "$work/runtime/lib/server/classes_nocoops.jsa"
# libjvm.so's static symbol table (5 MB): only crash reports would name more functions with it
if command -v strip >/dev/null 2>&1 && [ -f "$work/runtime/lib/server/libjvm.so" ]; then
  strip --strip-unneeded "$work/runtime/lib/server/libjvm.so"
fi

echo "== application files"
input="$work/input"
mkdir -p "$input/lib"
cp target/latentlab.jar "$input/"
for jar in target/lib/*.jar; do
  case "$(basename "$jar")" in
    javafx-*) ;;                                    # in the runtime, as modules
    mkl-*) ;;                                       # Intel MKL presets: ND4J uses OpenBLAS, and the jar has no MKL itself
    zstd-jni-*) if [ "$natives" = packed ]; then cp "$jar" "$input/lib/"; fi ;;   # only to unpack packed natives
    *) cp "$jar" "$input/lib/" ;;
  esac
done
# found by ModelCatalog beside the jar (lib/app/models); assets likewise
cp -r models "$input/models"
cp -r assets "$input/assets"
rm -rf "$input/assets/screenshots"                  # the README's pictures; the app does not use them

if [ "$natives" = unpacked ] || [ "$natives" = packed ]; then
  echo "== native libraries out of the jars"
  native_jars=$(ls "$input"/lib/*-linux-x86_64.jar "$input"/lib/*-linux-arm64.jar "$input"/lib/*-macosx-*.jar \
                   "$input"/lib/*-windows-*.jar 2>/dev/null || true)
  "$JAVA_HOME/bin/java" jlink/UnpackNatives.java "$input/native" $native_jars
  # libnd4jcpu.so ships with its static symbol table: 23 MB of 323 that nothing loads (the dynamic symbols,
  # which the loader and JNI use, stay); the other libraries are stripped already
  if command -v strip >/dev/null 2>&1; then
    for lib in "$input"/native/*.so "$input"/native/*.so.[0-9]*; do
      if [ -f "$lib" ] && [ ! -L "$lib" ]; then strip --strip-unneeded "$lib"; fi
    done
  else
    echo "build-image: strip not found (Debian: binutils); the native libraries keep their symbol tables" >&2
  fi
  # JavaCPP's OpenBLAS preset loads libopenblas.so.0 a second time as libopenblas_nolapack.so.0: it needs to
  # find that name here, and then copies the file (30 MB) into its cache once per user
  if [ -f "$input/native/libopenblas.so.0" ]; then ln -s libopenblas.so.0 "$input/native/libopenblas_nolapack.so.0"; fi
  JAVA_OPTIONS+=('-Djava.library.path=$APPDIR/native' -Dorg.bytedeco.javacpp.pathsFirst=true)
fi
if [ "$natives" = packed ]; then
  # Zstandard-compressed (345 MB -> 44 MB), unpacked once at the first start into lib/app/native when
  # that folder can be written, else into the user's cache folder (latentlab.PackedNatives)
  echo "== native libraries packed"
  case "$(uname -s)/$(uname -m)" in
    Linux/x86_64) zstd_platform=linux/amd64 ;;
    Linux/aarch64) zstd_platform=linux/aarch64 ;;
    Darwin/arm64) zstd_platform=darwin/aarch64 ;;
    Darwin/x86_64) zstd_platform=darwin/x86_64 ;;
    *) zstd_platform=win/amd64 ;;
  esac
  zstd_jar=$(ls target/lib/zstd-jni-*.jar | head -1)
  "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -cp "$zstd_jar" jlink/PackNatives.java \
    "$input/native" "$input/native.zst" "$input/lib/$(basename "$zstd_jar")" "$zstd_platform"
  JAVA_OPTIONS+=('-Dlatentlab.natives.packed=$APPDIR/native.zst')
fi

echo "== jpackage app-image ($natives natives)"
java_opts=()
for o in "${JAVA_OPTIONS[@]}"; do java_opts+=(--java-options "$o"); done
"$JAVA_HOME/bin/jpackage" --type app-image --name "$NAME" --app-version "$VERSION" --vendor "Latent Lab" \
  --description "Train and explore variational autoencoders and autoencoders" \
  --dest "$dest" --input "$input" --main-jar latentlab.jar --main-class latentlab.Main \
  --runtime-image "$work/runtime" --icon "$icon" "${java_opts[@]}"

image="$dest/$NAME"
linux=0; [ "$(uname -s)" = Linux ] && linux=1
if [ "$linux" = 0 ]; then
  aot=0
  echo "build-image: not Linux: the app-image is in $dest; no AOT cache or menu entry added" >&2
fi

launcher=jpackage
if [ "$linux" = 1 ]; then
  # jpackage's Linux launcher asks rpm and dpkg which package owns it, twice, at every start (0.1-0.3 s
  # each time on a Debian machine, before the JVM starts): jlink/launcher.c starts the same JVM with the
  # same .cfg without asking. Without a C compiler the image keeps jpackage's launcher.
  cc=$(command -v cc || command -v gcc || true)
  if [ -n "$cc" ] && "$cc" -O2 -o "$work/$NAME-launcher" jlink/launcher.c; then
    cp "$work/$NAME-launcher" "$image/bin/$NAME"
    launcher=own
  else
    echo "build-image: no C compiler (Debian: gcc): the image keeps jpackage's launcher, which starts 0.1-0.3 s slower" >&2
  fi
fi

if [ "$aot" = 1 ]; then
  # JDK 25's AOT cache (JEP 483, 515): classes loaded and linked, and method profiles, recorded from one start
  # of the window on JavaFX's headless platform (no display needed) and stored in the image; every later
  # start maps them instead of loading and linking again. A new home keeps the build's caches out of ~.
  echo "== AOT cache: recording a headless start of the window"
  cache="$image/lib/app/$NAME.aot"
  for attempt in 1 2 3; do
    rm -rf "$work/aot-home" "$work/$NAME.aotconf"
    if JAVA_TOOL_OPTIONS="-XX:AOTMode=record -XX:AOTConfiguration=$work/$NAME.aotconf -Duser.home=$work/aot-home -Dglass.platform=Headless -Dprism.order=sw" \
         timeout -s KILL 300 "$image/bin/$NAME" --startup-report >"$work/aot-record.log" 2>&1 \
       && JAVA_TOOL_OPTIONS="-XX:AOTMode=create -XX:AOTConfiguration=$work/$NAME.aotconf -XX:AOTCache=$cache" \
         timeout -s KILL 300 "$image/bin/$NAME" >"$work/aot-create.log" 2>&1 \
       && [ -f "$cache" ]; then
      echo "java-options=-XX:AOTCache=\$APPDIR/$NAME.aot" >> "$image/lib/app/$NAME.cfg"
      # the AOT cache holds the JDK's classes too: the runtime's own CDS archive (14 MB) is used only without it
      rm -f "$image/lib/runtime/lib/server/classes.jsa"
      break
    fi
    # a start can hang (a native-loader deadlock between ND4J's and JavaFX's threads): try again
    echo "build-image: recording the AOT cache failed (attempt $attempt; see $work/aot-record.log)" >&2
    rm -f "$cache"
  done
  [ -f "$cache" ] || echo "build-image: the image has no AOT cache: it works, and starts slower" >&2
  rm -rf "$work/aot-home" "$work/$NAME.aotconf"
fi
# the recording start unpacked the packed natives; the image ships them packed
if [ "$natives" = packed ]; then rm -rf "$image/lib/app/native"; fi
[ "$linux" = 1 ] || exit 0
# The .desktop entry, pointing at /opt/latentlab (where jpackage's .deb and .rpm install);
# bin/install-desktop-entry rewrites it for wherever the folder is and installs it for this user.
mkdir -p "$image/share/applications"
sed -e "s|@EXEC@|/opt/$NAME/bin/$NAME|; s|@ICON@|/opt/$NAME/lib/$NAME.png|; s|@VERSION@|$VERSION|" \
  jlink/latentlab.desktop.in > "$image/share/applications/$NAME.desktop"
cp jlink/install-desktop-entry "$image/bin/install-desktop-entry"
chmod +x "$image/bin/install-desktop-entry"

size_mb=$(du -sm "$image" | cut -f1)
echo "== built $image in ${SECONDS} s: ${size_mb} MB (runtime $(du -sm "$image/lib/runtime" | cut -f1) MB," \
  "jars $(du -cm "$image"/lib/app/lib/*.jar | tail -1 | cut -f1) MB, native $(du -sm "$image/lib/app/native" "$image/lib/app/native.zst" 2>/dev/null | awk '{s+=$1} END {print s+0}') MB," \
  "AOT cache $(du -sm "$image/lib/app/$NAME.aot" 2>/dev/null | cut -f1 || echo 0) MB, models $(du -sm "$image/lib/app/models" | cut -f1) MB)"
echo "image=$image size_mb=$size_mb natives=$natives aot=$([ -f "$image/lib/app/$NAME.aot" ] && echo 1 || echo 0) launcher=$launcher"
