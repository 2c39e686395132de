#!/usr/bin/python3
"""Reads a user's Sieve scripts back over ManageSieve with Debian's python3-sievelib, a client
that is not the project's: lists the scripts (the active one marked) and prints one of them.

usage: read_script.py HOST PORT USER SCRIPT   (the password on stdin)
"""
import sys

from sievelib.managesieve import Client

host, port, user, name = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
password = sys.stdin.readline().rstrip("\n")
client = Client(host, port)
if not client.connect(user, password, starttls=False, authmech="PLAIN"):
    sys.exit("login refused: " + str(client.errmsg))
active, others = client.listscripts()
print("active: " + str(active))
print("scripts: " + ", ".join(([active] if active else []) + list(others)))
script = client.getscript(name)
if script is None:
    sys.exit("no script " + name + ": " + str(client.errmsg))
print(script)
# no LOGOUT: James 3.8.1 answers it by closing the connection, which this client waits on forever
client.sock.close()
