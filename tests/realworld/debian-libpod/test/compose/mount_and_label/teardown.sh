rm /tmp/data/message
