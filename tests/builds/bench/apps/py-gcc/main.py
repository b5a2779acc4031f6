import markupsafe
import six

try:
    from markupsafe import _speedups  # noqa: F401  (the compiled C extension)
    speedups = "compiled"
except ImportError:
    speedups = "pure-python"

print("bench py-gcc: markupsafe", markupsafe.__version__, speedups, "six", six.__version__)
