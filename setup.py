"""The one compiled part of pardw (everything else is in pyproject.toml): the PDF reader's character loop
(include/pardw/parse/readers/_pdfchars.c, issue 27). Optional: where no C compiler is found the build goes
on without it and the reader makes the same PDFium calls through ctypes (same output, slower)."""

from setuptools import Extension, setup

setup(
    ext_modules=[
        Extension(
            "pardw.parse.readers._pdfchars",
            ["include/pardw/parse/readers/_pdfchars.c"],
            optional=True,
        )
    ]
)
