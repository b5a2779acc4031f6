import six
print("heredoc pip", six.__version__, open("/six-version.txt").read().strip())
