import six

print("bench ctx-python: six", six.__version__)
