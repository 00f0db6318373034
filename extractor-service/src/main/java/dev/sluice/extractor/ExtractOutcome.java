package dev.sluice.extractor;

import dev.sluice.contracts.StagedOutput;

/**
 * An extraction staged in S3.
 *
 * @param output what the stage-completed event reports: location, files, rows, bytes, schema
 * @param result what the source reported, including rejected rows
 */
public record ExtractOutcome(StagedOutput output, ExtractResult result) {}
