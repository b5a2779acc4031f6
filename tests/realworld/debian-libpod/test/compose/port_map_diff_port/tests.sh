# -*- bash -*-

test_port 5001 = "Podman rulez!"
