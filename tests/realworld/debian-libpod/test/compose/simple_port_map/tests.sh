# -*- bash -*-

test_port 5000 = "Podman rulez!"
