#!/usr/bin/env python3
"""Latency from a rename into inbox/ to its receipt under `ohana watch`: p50 and p99.

usage: watch_latency.py OHANA ROOT [COUNT]   (ROOT must be an initialized tree)
"""
import glob, os, signal, statistics, subprocess, sys, time

ohana, root = sys.argv[1], sys.argv[2]
count = int(sys.argv[3]) if len(sys.argv) > 3 else 200
staging = os.path.join(root, "staging")
os.makedirs(staging, exist_ok=True)
watcher = subprocess.Popen([ohana, "watch", "--root", root], stderr=subprocess.DEVNULL)
time.sleep(1.0)
latencies = []
try:
    for index in range(count):
        name = f"latency-{index}.csv"
        path = os.path.join(staging, name)
        with open(path, "w") as handle:
            handle.write(f"id,value\n{index},{index * 7}\n")
        pattern = os.path.join(root, "outbox", "tables", "accepted", name + ".*.json")
        start = time.perf_counter()
        os.rename(path, os.path.join(root, "inbox", "tables", name))
        while not glob.glob(pattern):
            if time.perf_counter() - start > 10:
                raise SystemExit(f"no receipt for {name} after 10 s")
            time.sleep(0.0005)
        latencies.append((time.perf_counter() - start) * 1000)
finally:
    watcher.send_signal(signal.SIGTERM)
    watcher.wait(timeout=10)
latencies.sort()
p50 = statistics.median(latencies)
p99 = latencies[min(len(latencies) - 1, int(round(0.99 * (len(latencies) - 1))))]
print(f"watch latency over {count} renames: p50 {p50:.1f} ms, p99 {p99:.1f} ms, max {latencies[-1]:.1f} ms")
