from importlib.metadata import version

import six


def main():
    print("webapp", version("webapp"), "six", six.__version__)
