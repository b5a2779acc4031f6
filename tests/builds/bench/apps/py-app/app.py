import flask
import requests

from util import greeting

print(greeting(), "requests", requests.__version__, "flask", flask.__version__)
