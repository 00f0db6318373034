package dev.sluice.tracker.store;

class InMemoryTrackerStoreTest extends TrackerStoreContract {
    @Override
    protected TrackerStore createStore() {
        return new InMemoryTrackerStore();
    }
}
