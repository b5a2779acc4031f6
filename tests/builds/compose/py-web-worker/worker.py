import os

print("worker says", os.environ["GREETING"])
