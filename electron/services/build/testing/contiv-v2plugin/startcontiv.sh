#!/bin/sh
# Stand-in for Contiv's start script: the fixture is built and created, never enabled.
exec /contiv/bin/netplugin
