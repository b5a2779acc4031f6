#!/usr/bin/env bash
# Re-download the pinned registry packages listed in tools/sources.json and
# re-extract the same Dockerfiles / Compose projects into tests/realworld/.
#
# Uses only the ordinary package clients: apt-get source (Debian source
# packages), pip download (PyPI sdists) and npm pack (npm tarballs).
# Needs: python3 with PyYAML, dpkg-dev is NOT needed (tarballs are unpacked
# with tar), deb-src entries for bookworm, trixie and sid.
#
#   tests/realworld/refresh.sh               # refresh in place
#   tests/realworld/refresh.sh --setup-apt   # first add deb-src entries (root)
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
CONF="$HERE/tools/sources.json"
WORK=${WORK:-$(mktemp -d /tmp/realworld-refresh.XXXXXX)}
DL="$WORK/dl"; SRC="$WORK/src"; STAGE="$WORK/out"
mkdir -p "$DL" "$SRC" "$STAGE"

if [[ "${1:-}" == "--setup-apt" ]]; then
  # Reuse the URI of the machine's existing Debian entry; add source entries
  # for the three suites the pinned versions come from.
  uri=$(grep -h '^URIs:' /etc/apt/sources.list.d/*.sources 2>/dev/null | awk '{print $2}' | grep -m1 -E '/debian/?$' || true)
  [[ -n "$uri" ]] || { echo "no Debian URIs: line found in /etc/apt/sources.list.d/*.sources" >&2; exit 1; }
  cat > /etc/apt/sources.list.d/realworld-src.sources <<EOF
Types: deb-src
URIs: $uri
Suites: bookworm bookworm-updates trixie sid
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
EOF
  apt-get update
fi

# unpack TARBALL into DEST, dropping the tarball's single top-level folder
unpack() {
  local tb=$1 dest=$2 t; t=$(mktemp -d "$WORK/u.XXXXXX")
  tar -xf "$tb" -C "$t"
  mkdir -p "$dest"
  if [[ $(ls -A "$t" | wc -l) -eq 1 && -d "$t/$(ls -A "$t")" ]]; then
    cp -a "$t/$(ls -A "$t")/." "$dest/"
  else
    cp -a "$t/." "$dest/"
  fi
  rm -rf "$t"
}

python3 - "$CONF" > "$WORK/list.tsv" <<'EOF'
import json, sys
for name, c in json.load(open(sys.argv[1])).items():
    print('\t'.join([name, c['reg'], c['pkg'], c['ver']]))
EOF

while IFS=$'\t' read -r name reg pkg ver; do
  d="$DL/$name"; mkdir -p "$d"
  echo "== $name ($reg $pkg $ver)"
  case "$reg" in
    debian)
      # apt-get exits non-zero if any file of the source package is missing
      # (e.g. a .dsc no longer on the mirror); the tarballs are what we need.
      (cd "$d" && apt-get source --download-only "$pkg=$ver" >/dev/null 2>&1) || true
      up=${ver#*:}; up=${up%-*}
      ls "$d"/*_"$up".orig*.tar.* >/dev/null 2>&1 || { echo "missing orig tarball for $pkg=$ver (is deb-src configured? try --setup-apt)" >&2; exit 1; }
      for tb in "$d"/*_"$up".orig.tar.*; do unpack "$tb" "$SRC/$name"; done
      for tb in "$d"/*_"$up".orig-*.tar.*; do
        [[ -e "$tb" ]] || continue
        comp=${tb##*.orig-}; comp=${comp%%.tar.*}
        unpack "$tb" "$SRC/$name/$comp"
      done
      for tb in "$d"/*_"$ver".debian.tar.*; do [[ -e "$tb" ]] && tar -xf "$tb" -C "$SRC/$name"; done
      ;;
    pypi)
      pip download --quiet --no-deps --no-binary :all: "$pkg==$ver" -d "$d"
      unpack "$(ls "$d"/*.tar.gz | head -1)" "$SRC/$name" ;;
    npm)
      (cd "$d" && npm pack --silent "$pkg@$ver" >/dev/null)
      unpack "$(ls "$d"/*.tgz | head -1)" "$SRC/$name" ;;
  esac
done < "$WORK/list.tsv"

python3 "$HERE/tools/vendor.py" "$SRC" "$STAGE" "$CONF" "$WORK/report.json"

# replace the vendored folders, licences and tables
cut -f1 "$WORK/list.tsv" | while read -r name; do rm -rf "${HERE:?}/$name" "$HERE/LICENSE.$name"; done
cp -a "$STAGE/." "$HERE/"
echo "refreshed into $HERE (work files in $WORK; report: $WORK/report.json)"
