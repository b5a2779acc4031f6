mkdir -p /tmp/data
echo "Podman rulez!" > /tmp/data/message
