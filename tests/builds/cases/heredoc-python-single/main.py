import six

from helpers import greet

print(greet("single-stage"), "six", six.__version__)
