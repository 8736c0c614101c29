#!/usr/bin/env bash
# System packages pardw uses beside its Python environment, from Debian's archive:
#   libreoffice-writer-nogui  .doc (Word 97-2003) -> .docx, and .docx -> .pdf for the tests and the corpus
#   antiword                  .doc text when LibreOffice is absent
#   chromium                  the dashboard's browser test (Playwright drives it; no browser download), and
#                             the PDF producer matrix's browser print (tests/parse/readers/test_pdf_producers.py)
#   ghostscript               the producer matrix's re-distilled PDFs (its URW fonts have no Vietnamese letters:
#                             LibreOffice then prints Times New Roman text with fallback glyphs, as offices do)
#   poppler-utils             pdftotext -layout: the space-aligned text the layout reader's tests read
#   gcc, libc6-dev, python3-dev  build the PDF reader's character loop in C (setup.py; optional: without them
#                             the reader makes the same PDFium calls through ctypes, a fifth to a third slower)
#   tesseract-ocr, tesseract-ocr-vie  OCR of scanned reports and page images (Vietnamese model); without them a
#                             scan stays quarantined as scanned_pdf, naming these packages
# (postgresql-15 and redis-server have their own Makefile targets.)
# Run as root (or with sudo) it installs what is missing; otherwise it lists what is missing and the
# tests that need a missing package skip with that reason. PARDW_SKIP_SYSTEM_DEPS=1 skips this step.
set -u
PACKAGES=(libreoffice-writer-nogui antiword chromium ghostscript poppler-utils tesseract-ocr tesseract-ocr-vie gcc libc6-dev python3-dev)
[ "${PARDW_SKIP_SYSTEM_DEPS:-0}" = "1" ] && exit 0
command -v dpkg-query >/dev/null 2>&1 || { echo "system-deps: not a Debian system; install by hand: ${PACKAGES[*]}"; exit 0; }
missing=()
for p in "${PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "system-deps: installing ${missing[*]} (apt-get)"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >/dev/null 2>&1 || true
    if ! apt-get install -y -qq --no-install-recommends "${missing[@]}" >/tmp/pardw-apt.log 2>&1; then
        echo "system-deps: apt-get could not install ${missing[*]} (see /tmp/pardw-apt.log); the tests that need them skip"
    fi
else
    echo "system-deps: missing ${missing[*]}; as root run: apt-get install ${missing[*]} (the tests that need them skip)"
fi
exit 0
