"""Median wall time, process start to result, of a command run N times with one job each.

Usage: latency.py RUNS COMMAND... ; the job {"contractor_id": K} goes to stdin, K running
over the contractors spread through the id range (so each run reads other rows), and a
"{contractor_id}" in the command's arguments is replaced by K as well (for the peer).
"""
import statistics
import subprocess
import sys
import time

runs = int(sys.argv[1])
command = sys.argv[2:]
contractors = int(__import__("os").environ.get("BENCH_CONTRACTORS", "1000000"))
times = []
for run in range(runs):
    contractor = 1 + (run * 9973) % contractors
    argv = [part.replace("{contractor_id}", str(contractor)) for part in command]
    job = '{"contractor_id": %d}' % contractor
    started = time.perf_counter()
    done = subprocess.run(argv, input=job.encode(), stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    times.append(time.perf_counter() - started)
    if done.returncode != 0:
        sys.exit("%s exited %d: %s" % (argv[0], done.returncode, done.stdout.decode()[:300]))
print("%.1f %.1f %.1f" % (statistics.median(times) * 1000, min(times) * 1000,
                          statistics.quantiles(times, n=20)[18] * 1000))
