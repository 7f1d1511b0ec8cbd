#!/bin/sh
# Adds Runesight to this user's application menu (no root needed): the icons into the hicolor theme and
# runesight.desktop, pointing at this folder's executable, into ~/.local/share/applications.
# Run it from the unpacked dist/Runesight/ folder; run it again after moving the folder.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
data=${XDG_DATA_HOME:-$HOME/.local/share}
for size in 16 32 48 64 128 256; do
  mkdir -p "$data/icons/hicolor/${size}x${size}/apps"
  cp "$here/_internal/resources/icons/runesight-$size.png" "$data/icons/hicolor/${size}x${size}/apps/runesight.png"
done
mkdir -p "$data/icons/hicolor/scalable/apps" "$data/applications"
cp "$here/_internal/resources/icons/runesight.svg" "$data/icons/hicolor/scalable/apps/runesight.svg"
sed -e "s|^Exec=.*|Exec=\"$here/Runesight\"|" -e "s|^TryExec=.*|TryExec=$here/Runesight|" \
  "$here/runesight.desktop" > "$data/applications/runesight.desktop"
command -v update-desktop-database >/dev/null && update-desktop-database -q "$data/applications" || true
echo "Runesight is in the application menu (desktop entry: $data/applications/runesight.desktop)"
