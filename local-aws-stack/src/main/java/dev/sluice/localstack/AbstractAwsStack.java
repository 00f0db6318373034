package dev.sluice.localstack;

import dev.sluice.runtime.aws.AwsClients;
import dev.sluice.runtime.aws.AwsSettings;

/** Shared plumbing of the stacks: the lazily created clients, and an idempotent close. */
abstract class AbstractAwsStack implements AwsStack {

    private AwsClients clients;
    private boolean closed;

    @Override
    public final synchronized AwsClients clients() {
        if (closed) {
            throw new IllegalStateException("The AWS stack is closed: " + describe());
        }
        if (clients == null) {
            clients = new AwsClients(AwsSettings.fromMap(settings()));
        }
        return clients;
    }

    @Override
    public final void close() {
        AwsClients toClose;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            toClose = clients;
            clients = null;
        }
        try {
            if (toClose != null) {
                toClose.close();
            }
        } finally {
            stopServices();
        }
    }

    /** Stops what the stack runs; called once, by {@link #close()}. */
    protected abstract void stopServices();

    @Override
    public String toString() {
        return describe();
    }
}
