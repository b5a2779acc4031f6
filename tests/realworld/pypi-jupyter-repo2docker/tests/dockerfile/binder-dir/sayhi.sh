#!/bin/bash
echo hi
exit 0
