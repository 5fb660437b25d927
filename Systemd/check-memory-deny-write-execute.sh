#!/usr/bin/env bash
# Runs a command the way MemoryDenyWriteExecute=yes would: with the kernel's PR_SET_MDWE
# (Linux >= 6.3), which refuses writable+executable mappings for the process and its children.
# Use it on the real daemon, e.g.
#   Systemd/check-memory-deny-write-execute.sh .build/release/tempmed --config dev.toml
# Exit status: the command's, 77 when the kernel lacks PR_SET_MDWE, 1 when the check itself fails.
set -euo pipefail

if [ $# -eq 0 ]; then
    echo "usage: $0 COMMAND [ARGS...]" >&2
    exit 2
fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

cat > "$work/mdwe.c" <<'C'
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <unistd.h>
#ifndef PR_SET_MDWE
#define PR_SET_MDWE 65
#endif
#ifndef PR_MDWE_REFUSE_EXEC_GAIN
#define PR_MDWE_REFUSE_EXEC_GAIN 1
#endif
int main(int argc, char **argv) {
    if (prctl(PR_SET_MDWE, PR_MDWE_REFUSE_EXEC_GAIN, 0, 0, 0) != 0) {
        perror("prctl(PR_SET_MDWE)");
        return 77;
    }
    /* Self-check: a writable and executable mapping must now be refused. */
    void *page = mmap(NULL, 4096, PROT_READ | PROT_WRITE | PROT_EXEC, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (page != MAP_FAILED) {
        fprintf(stderr, "PR_SET_MDWE did not take effect\n");
        return 1;
    }
    if (argc < 2) return 0;
    execvp(argv[1], argv + 1);
    fprintf(stderr, "cannot run %s: %s\n", argv[1], strerror(errno));
    return 1;
}
C
"${CC:-cc}" -O2 -o "$work/mdwe" "$work/mdwe.c"
set +e
"$work/mdwe" "$@"
exit $?
