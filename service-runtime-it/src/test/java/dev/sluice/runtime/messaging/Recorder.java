package dev.sluice.runtime.messaging;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;

/** Wraps a handler and records every call, so a test can wait (bounded) for calls to happen. */
final class Recorder implements MessageHandler {
    private final MessageHandler delegate;
    private final List<InboundMessage> calls = new ArrayList<>();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();

    Recorder(MessageHandler delegate) {
        this.delegate = delegate;
    }

    @Override
    public void handle(InboundMessage message) throws Exception {
        lock.lock();
        try {
            calls.add(message);
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        delegate.handle(message);
    }

    List<InboundMessage> calls() {
        lock.lock();
        try {
            return List.copyOf(calls);
        } finally {
            lock.unlock();
        }
    }

    /** Waits until the calls satisfy {@code condition}, up to {@code timeout}; returns the calls either way. */
    List<InboundMessage> await(Predicate<List<InboundMessage>> condition, Duration timeout) throws InterruptedException {
        long remaining = timeout.toNanos();
        lock.lock();
        try {
            while (!condition.test(calls) && remaining > 0) {
                remaining = changed.awaitNanos(remaining);
            }
            return List.copyOf(calls);
        } finally {
            lock.unlock();
        }
    }

    List<InboundMessage> awaitCalls(int count, Duration timeout) throws InterruptedException {
        return await(c -> c.size() >= count, timeout);
    }

    static void sleepQuietly(Duration d) {
        try {
            TimeUnit.MILLISECONDS.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
