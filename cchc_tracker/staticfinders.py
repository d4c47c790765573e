"""Serve third-party assets straight from the installed Python packages that ship them.

Government intranets are often offline, so nothing may come from a CDN, and copying a
bundle into the repository would let it drift from the pinned package version.
"""

from pathlib import Path

import plotly
from django.contrib.staticfiles.finders import BaseFinder
from django.core.files.storage import FileSystemStorage

PACKAGE_FILES = {
    "vendor/plotly.min.js": Path(plotly.__file__).parent / "package_data" / "plotly.min.js",
}


class PackageFileFinder(BaseFinder):
    def check(self, **kwargs):
        return []

    def find(self, path, find_all=False, **kwargs):
        source = PACKAGE_FILES.get(path)
        if source is None or not source.exists():
            return [] if find_all else None
        return [str(source)] if find_all else str(source)

    def list(self, ignore_patterns):
        for public_path, source in PACKAGE_FILES.items():
            storage = FileSystemStorage(location=str(source.parent))
            storage.prefix = str(Path(public_path).parent)
            yield source.name, storage
