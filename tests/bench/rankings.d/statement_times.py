#!/usr/bin/python3
"""Where one calc-rankings run spent its time in PostgreSQL: reads the server log from a
byte offset (the run had log_min_duration_statement=0) and prints, per query, the server
time of its parse, bind, execute and every FETCH of its cursor, largest first. A query is
named by the first words of its file's leading comment ("-- calc-rankings: ...")."""
import re
import sys
from collections import defaultdict

DURATION = re.compile(r"duration: ([0-9.]+) ms  (?:parse|bind|execute) [^:]*: (.*)|duration: ([0-9.]+) ms  statement: (.*)")
CURSOR = re.compile(r"(?:DECLARE|FETCH FORWARD \d+ FROM|CLOSE) (jobkit_stream_\d+)")


def label(text, cursors):
    cursor = CURSOR.search(text)
    named = text.split("-- calc-rankings: ", 1)
    name = named[1][:64] if len(named) == 2 else text[:40]
    if cursor is None:
        return name
    if text.startswith("DECLARE"):
        cursors[cursor.group(1)] = name
    return cursors.get(cursor.group(1), name)


def main():
    path, offset = sys.argv[1], int(sys.argv[2])
    totals = defaultdict(float)
    cursors = {}
    with open(path, "rb") as log:
        log.seek(offset)
        for raw in log:
            found = DURATION.search(raw.decode("utf-8", "replace"))
            if not found:
                continue
            ms = float(found.group(1) or found.group(3))
            totals[label(found.group(2) or found.group(4), cursors)] += ms
    whole = sum(totals.values())
    for name, ms in sorted(totals.items(), key=lambda item: -item[1]):
        if ms >= 0.01 * whole:
            print(f"  {ms / 1000:8.3f} s  {name}")
    print(f"  {whole / 1000:8.3f} s  all statements together")


if __name__ == "__main__":
    main()
