package dev.sluice.loader.s3;

class InMemoryDatasetVersionStoreTest extends DatasetVersionStoreContract {
    @Override
    protected DatasetVersionStore store() {
        return new InMemoryDatasetVersionStore();
    }
}
