package dev.sluice.runtime.messaging;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** The in-memory twin of {@link SqsDeadLetterForwarder}: keeps what was forwarded; a failure can be injected. */
public final class InMemoryDeadLetterForwarder implements DeadLetterForwarder {
    private final List<DeadLetter> forwarded = new CopyOnWriteArrayList<>();
    private volatile RuntimeException failure;

    @Override
    public void forward(DeadLetter deadLetter) {
        RuntimeException f = failure;
        if (f != null) {
            throw f;
        }
        forwarded.add(deadLetter);
    }

    /** Makes every later forward throw {@code failure}; {@code null} heals it. */
    public void failWith(RuntimeException failure) {
        this.failure = failure;
    }

    public List<DeadLetter> forwarded() {
        return List.copyOf(forwarded);
    }

    public void clear() {
        forwarded.clear();
    }
}
