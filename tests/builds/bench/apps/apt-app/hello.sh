#!/bin/sh
echo "bench apt-app: $(curl --version | head -1 | cut -d' ' -f1-2)"
