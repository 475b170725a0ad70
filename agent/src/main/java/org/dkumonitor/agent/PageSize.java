package org.dkumonitor.agent;

import java.util.Optional;
import org.dkumonitor.agent.collect.ProcFields;
import org.dkumonitor.agent.collect.ProcFiles;

/**
 * The kernel's page size, which Java does not expose: this process's resident pages
 * ({@code /proc/self/statm}) against its resident KiB ({@code VmRSS} of {@code /proc/self/status}),
 * rounded to a power of two. 4096 when the files cannot tell.
 */
final class PageSize {

    private static final long DEFAULT = 4096;

    private PageSize() {
    }

    static long of(ProcFiles proc) {
        Optional<String> statm = proc.readIfPresent("self/statm");
        Optional<String> status = proc.readIfPresent("self/status");
        if (statm.isEmpty() || status.isEmpty()) {
            return DEFAULT;
        }
        try {
            long pages = Long.parseLong(ProcFields.words(statm.get())[1]);
            long kib = Math.max(0, ProcFields.field(status.get(), "VmRSS"));
            if (pages <= 0 || kib <= 0) {
                return DEFAULT;
            }
            long estimate = kib * 1024 / pages;
            return Long.highestOneBit(estimate + estimate / 2);
        } catch (RuntimeException e) {
            return DEFAULT;
        }
    }
}
