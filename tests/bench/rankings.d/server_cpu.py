#!/usr/bin/python3
"""CPU seconds a PostgreSQL server has used so far: the postmaster's own, its reaped
children's (backends that already ended are counted in its cutime/cstime) and its live
children's. The benchmark takes the difference around each run, so parallel workers and
the backend that served a client are all counted."""
import os
import sys

TICKS = os.sysconf("SC_CLK_TCK")


def fields(pid):
    with open(f"/proc/{pid}/stat") as stat:
        text = stat.read()
    return text[text.rindex(")") + 2:].split()  # fields from 3 (state) on


def main():
    postmaster = int(sys.argv[1])
    own = fields(postmaster)
    total = sum(int(value) for value in own[11:15])  # utime stime cutime cstime
    for entry in os.listdir("/proc"):
        if not entry.isdigit() or int(entry) == postmaster:
            continue
        try:
            child = fields(entry)
        except OSError:
            continue
        if int(child[1]) == postmaster:  # ppid
            total += int(child[11]) + int(child[12])
    print(f"{total / TICKS:.2f}")


main()
