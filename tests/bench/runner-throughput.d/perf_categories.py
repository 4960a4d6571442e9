#!/usr/bin/env python3
"""Reads `perf script` output (cpu-clock samples with call chains) on stdin and prints, for
the runner, the tools it starts and Redis, each one's share of all samples and where its
time goes: user space, or the kernel work a fresh process per job costs (fork, page faults
after fork, exit), the pipes and the fork server's socket, polling.

The first kernel function of a chain that names a category decides it; a chain without one is
user space."""
import collections
import sys

# Checked in this order against the whole chain of one sample.
CATEGORIES = [
    ("execve", "exec"), ("load_elf", "exec"),
    ("exc_page_fault", "page faults"),
    ("exit_mmap", "exit"), ("do_exit", "exit"), ("do_group_exit", "exit"),
    ("copy_process", "fork"), ("kernel_clone", "fork"),
    ("wait4", "wait"), ("pipe", "pipes"), ("__x64_sys_close", "close"),
    ("sendmsg", "socket send"), ("recvmsg", "socket receive"), ("poll", "poll"),
    ("rt_sigaction", "signal setup"), ("do_syscall_64", "other system calls"),
    ("schedule", "scheduler"),
]


def category(chain):
    text = " ".join(chain)
    for needle, name in CATEGORIES:
        if needle in text:
            return name
    return "user space"


def main():
    counts = collections.defaultdict(collections.Counter)
    command, chain = None, []
    for line in sys.stdin:
        if not line.strip():
            if command:
                counts[command][category(chain)] += 1
            command, chain = None, []
        elif line[0] not in " \t":
            command = line.split()[0]
        else:
            chain.append(line.strip())
    if command:
        counts[command][category(chain)] += 1
    total = sum(sum(counter.values()) for counter in counts.values()) or 1
    for command, counter in sorted(counts.items(), key=lambda item: -sum(item[1].values()))[:5]:
        samples = sum(counter.values())
        print(f"{command}: {100 * samples / total:.1f}% of all samples")
        for name, count in counter.most_common(10):
            print(f"    {name:20s} {100 * count / samples:5.1f}%")


if __name__ == "__main__":
    main()
