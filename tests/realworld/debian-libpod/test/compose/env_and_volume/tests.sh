# -*- bash -*-

test_port 5000 = "done"
test_port 5001 = "podman_rulez"
