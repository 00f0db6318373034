package dev.sluice.loader.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.contracts.ClassifiedException;
import dev.sluice.contracts.ErrorClass;
import dev.sluice.dataplane.InvalidSettingsException;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.junit.jupiter.api.Test;

class LoadFailuresTest {

    private static final String WHAT = "output order_facts, targets[0] (jdbc warehouse:order_facts)";

    @Test
    void sourceCategoriesOfSharedCodeBecomeTargetCategories() {
        assertThat(LoadFailures.of(WHAT, new ClassifiedException(ErrorClass.SOURCE_UNAVAILABLE, "refused")))
                .satisfies(e -> {
                    assertThat(e.errorClass()).isEqualTo(ErrorClass.TARGET_UNAVAILABLE);
                    assertThat(e.retryable()).isTrue();
                    assertThat(e).hasMessage(WHAT + ": refused");
                });
        assertThat(LoadFailures.of(WHAT, new ClassifiedException(ErrorClass.SOURCE_AUTHENTICATION, "bad password")).errorClass())
                .isEqualTo(ErrorClass.TARGET_AUTHENTICATION);
        assertThat(LoadFailures.of(WHAT, new ClassifiedException(ErrorClass.SOURCE_REQUEST_REJECTED, "42P01")).errorClass())
                .isEqualTo(ErrorClass.TARGET_REJECTED);
    }

    @Test
    void otherClassifiedFailuresKeepTheirClassAndRetryability() {
        ClassifiedException e = LoadFailures.of(WHAT, new InvalidSettingsException("SLUICE_JDBC_WAREHOUSE_URL", "not set"));
        assertThat(e.errorClass()).isEqualTo(ErrorClass.INVALID_SETTINGS);
        assertThat(e.retryable()).isFalse();
        assertThat(LoadFailures.of(WHAT, new ClassifiedException(ErrorClass.TARGET_REJECTED, true, "maybe later", null)).retryable())
                .isTrue();
    }

    @Test
    void unclassifiedFailuresAreRetryableLoadFailures() {
        ClassifiedException e = LoadFailures.of(WHAT, new UncheckedIOException(new IOException("disk full")));
        assertThat(e.errorClass()).isEqualTo(ErrorClass.LOAD_FAILED);
        assertThat(e.retryable()).isTrue();
        assertThat(e.getCause()).isInstanceOf(UncheckedIOException.class);
    }
}
