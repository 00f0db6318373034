package dev.sluice.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ErrorClassTest {

    @Test
    void wireNamesAreTheErrorClassesEventsCarry() {
        // The wire format: these strings are in stage-failed and job-failed events and in the runs table.
        assertThat(Arrays.stream(ErrorClass.values()).map(ErrorClass::wireName)).containsExactlyInAnyOrder(
                "SourceUnavailable", "SourceAuthentication", "SourceRequestRejected", "EmptyInput", "MalformedData",
                "SchemaDrift", "LimitExceeded", "QueryFailed", "SqlError", "ResourcesExhausted", "InputTooLarge",
                "QualityCheckFailed", "InvalidInput", "LocationRefused", "StorageUnavailable", "StorageRejected", "TargetUnavailable",
                "TargetRejected", "TargetAuthentication", "MissingStagedOutput", "LoadFailed", "InvalidSettings",
                "InvalidSpec", "InvalidWork", "DeadLettered");
        assertThat(ErrorClass.SCHEMA_DRIFT).hasToString("SchemaDrift");
    }

    @Test
    void onlyTransientClassesAreRetryableByDefault() {
        assertThat(Arrays.stream(ErrorClass.values()).filter(ErrorClass::retryableByDefault)).containsExactlyInAnyOrder(
                ErrorClass.SOURCE_UNAVAILABLE, ErrorClass.STORAGE_UNAVAILABLE, ErrorClass.TARGET_UNAVAILABLE,
                ErrorClass.LOAD_FAILED);
    }

    @Test
    void wireNamesReadBackAndJavaClassNamesAreNotClasses() {
        for (ErrorClass c : ErrorClass.values()) {
            assertThat(ErrorClass.fromWireName(c.wireName())).contains(c);
        }
        assertThat(ErrorClass.fromWireName("IllegalStateException")).isEmpty();
        assertThat(ErrorClass.fromWireName("SOURCE_UNAVAILABLE")).as("the constant's name is not its wire name").isEmpty();
        assertThat(ErrorClass.fromWireName(null)).isEmpty();
    }

    @Test
    void aClassifiedExceptionIsRetryableAsItsClassUnlessItSaysOtherwise() {
        ClassifiedException unavailable = new ClassifiedException(ErrorClass.SOURCE_UNAVAILABLE, "warehouse unreachable");
        assertThat(unavailable.retryable()).isTrue();
        assertThat(unavailable.errorClass()).isEqualTo(ErrorClass.SOURCE_UNAVAILABLE);
        assertThat(unavailable.alert()).isEqualTo(FailureAlert.FAILURE);
        assertThat(new ClassifiedException(ErrorClass.SOURCE_UNAVAILABLE, false, "gave up", null).retryable()).isFalse();
        assertThat(new ClassifiedException(ErrorClass.SCHEMA_DRIFT, "column x is missing").retryable()).isFalse();
    }
}
