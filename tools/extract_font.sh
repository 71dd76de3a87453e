#!/usr/bin/env bash
# Extracts the bundled CJK font from Debian's fonts-wqy-microhei (Apache-2.0).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
apt-get install -y fonts-wqy-microhei
pip install fonttools
python3 - "$here/assets/fonts/wqy-microhei.ttf" <<'PY'
import sys
from fontTools.ttLib import TTCollection
TTCollection('/usr/share/fonts/truetype/wqy/wqy-microhei.ttc').fonts[0].save(sys.argv[1])
PY
