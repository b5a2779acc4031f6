# -*- bash -*-

kill $nc_pid &> /dev/null
rm -f $OUTFILE
