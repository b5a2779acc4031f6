# -*- bash -*-

mv docker-compose.yml.bak docker-compose.yml
