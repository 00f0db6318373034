package dev.sluice.localstack;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Ends a child process and all its descendants, politely first. */
final class ProcessTrees {

    private ProcessTrees() {}

    /**
     * Asks the process and its descendants to terminate, waits up to {@code grace}, then kills what is left.
     * Returns whether the process has exited.
     */
    static boolean destroy(Process process, Duration grace) {
        List<ProcessHandle> descendants = process.descendants().toList();
        descendants.forEach(ProcessHandle::destroy);
        process.destroy();
        boolean exited = waitFor(process, grace);
        for (ProcessHandle descendant : descendants) {
            if (descendant.isAlive()) {
                descendant.destroyForcibly();
            }
        }
        if (!exited) {
            process.destroyForcibly();
            exited = waitFor(process, Duration.ofSeconds(5));
        }
        return exited;
    }

    static boolean waitFor(Process process, Duration timeout) {
        try {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !process.isAlive();
        }
    }
}
