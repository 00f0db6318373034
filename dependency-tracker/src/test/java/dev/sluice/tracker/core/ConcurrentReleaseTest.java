package dev.sluice.tracker.core;

import dev.sluice.spec.PipelineSpecs;
import dev.sluice.tracker.store.InMemoryTrackerStore;
import dev.sluice.tracker.store.TrackerStore;

/** The randomized exactly-once test on the in-memory store. */
class ConcurrentReleaseTest extends ConcurrentReleaseContract {
    @Override
    protected TrackerStore createStore(PipelineSpecs specs) {
        return new InMemoryTrackerStore();
    }
}
