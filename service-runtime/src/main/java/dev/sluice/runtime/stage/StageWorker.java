package dev.sluice.runtime.stage;

import dev.sluice.contracts.Stage;

/**
 * The work of one stage: the extractor, the transformer and the loader each implement it. The
 * {@link StageRunner} around it does the rest: de-duplication by {@code (runId, stage)}, retries,
 * recording and the events.
 *
 * <p>A worker must be idempotent per {@code (runId, stage)}: a retry writes the same staging keys.
 */
public interface StageWorker {
    Stage stage();

    StageOutput run(StageWork work) throws Exception;
}
