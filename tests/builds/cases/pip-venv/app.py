import sys

import six

print("prefix", sys.prefix)
print("six", six.__version__)
