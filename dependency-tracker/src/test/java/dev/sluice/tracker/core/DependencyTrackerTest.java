package dev.sluice.tracker.core;

import dev.sluice.tracker.store.InMemoryTrackerStore;
import dev.sluice.tracker.store.TrackerStore;

/** The release semantics on the in-memory store. */
class DependencyTrackerTest extends DependencyTrackerContract {
    @Override
    protected TrackerStore createStore() {
        return new InMemoryTrackerStore();
    }
}
