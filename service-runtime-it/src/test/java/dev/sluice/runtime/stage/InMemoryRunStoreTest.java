package dev.sluice.runtime.stage;

class InMemoryRunStoreTest extends RunStoreContract {
    @Override
    RunStore createStore() {
        return new InMemoryRunStore();
    }
}
