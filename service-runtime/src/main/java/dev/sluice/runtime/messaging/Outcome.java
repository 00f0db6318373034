package dev.sluice.runtime.messaging;

/** What became of one message, as {@link MessageProcessor} decided it. */
public sealed interface Outcome {

    /** Whether the adapter removes the message from its queue (delete, or leave it out of the batch failures). */
    boolean acknowledge();

    /** The handler returned normally. */
    record Succeeded() implements Outcome {
        @Override
        public boolean acknowledge() {
            return true;
        }
    }

    /** A retryable failure on an earlier-than-last receive: left for redelivery. */
    record Retry(Throwable error) implements Outcome {
        @Override
        public boolean acknowledge() {
            return false;
        }
    }

    /** Poison or exhausted, and forwarded to the dead-letter queue with its reason. */
    record DeadLettered(DeadLetter deadLetter) implements Outcome {
        @Override
        public boolean acknowledge() {
            return true;
        }
    }

    /**
     * It should have gone to the dead-letter queue, but forwarding failed: left for redelivery, so it is tried
     * again (and SQS's redrive policy moves it at the latest). An infrastructure failure: the poller backs off.
     */
    record ForwardFailed(DeadLetter deadLetter, RuntimeException error) implements Outcome {
        @Override
        public boolean acknowledge() {
            return false;
        }
    }
}
