package dev.sluice.dataplane;

import dev.sluice.contracts.ClassifiedException;
import dev.sluice.contracts.ErrorClass;

/**
 * A setting has a bad value, e.g. {@code extract.source.format: unknown format 'xml', expected csv, json, ndjson or
 * parquet}. The message always starts with the setting's name. Not retryable: the spec or the configuration must be
 * fixed.
 */
public class InvalidSettingsException extends ClassifiedException {

    private final String setting;

    public InvalidSettingsException(String setting, String problem) {
        super(ErrorClass.INVALID_SETTINGS, setting + ": " + problem);
        this.setting = setting;
    }

    /** The setting's full name, e.g. {@code extract.source.format} or {@code SLUICE_DUCKDB_THREADS}. */
    public String setting() {
        return setting;
    }
}
