package org.dkumonitor.installer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.dkumonitor.core.DkmException;

/**
 * Applies a fresh install's steps in order, logging each. If one fails, what the install made
 * is removed again (the preflight made sure none of it existed before), so that a failed install
 * leaves DATA_DIR as it was and can simply be run again.
 */
final class StepRunner {

    private final InstallLog log;

    StepRunner(InstallLog log) {
        this.log = log;
    }

    /** Runs {@code steps}; on failure removes every path in {@code madeByInstall} and throws. */
    void run(List<InstallStep> steps, List<Path> madeByInstall) {
        List<Path> existedBefore = new ArrayList<>();
        for (Path path : madeByInstall) {
            if (Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
                existedBefore.add(path);
            }
        }
        for (InstallStep step : steps) {
            log.info("  " + step.describe());
            try {
                step.apply();
            } catch (IOException | RuntimeException e) {
                String undone = undo(madeByInstall, existedBefore);
                throw new DkmException("install failed at '" + step.describe() + "': "
                        + e.getClass().getSimpleName() + " " + e.getMessage() + "; " + undone);
            }
        }
    }

    private static String undo(List<Path> madeByInstall, List<Path> existedBefore) {
        List<Path> left = new ArrayList<>();
        // children first: the top-level directories, then the root
        for (Path path : madeByInstall.reversed()) {
            if (existedBefore.contains(path)) {
                continue;
            }
            try {
                deleteTree(path);
            } catch (IOException e) {
                left.add(path);
            }
        }
        return left.isEmpty() ? "what it had made is removed; fix the cause and run it again"
                : "could not remove " + left + "; remove them and run it again";
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        if (Files.isSymbolicLink(root) || !Files.isDirectory(root)) {
            Files.delete(root);
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
