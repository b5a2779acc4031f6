import subprocess

import six

out = subprocess.run(["jq", "-n", "6 * 7"], capture_output=True, text=True, check=True).stdout.strip()
print("jq says", out, "six", six.__version__)
