package dev.sluice.localstack;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Marks an integration test against the local AWS stack: tags it {@code integration} and registers
 * {@link LocalAwsStackExtension}, which injects {@link AwsStack}, {@code AwsClients} and {@code AwsSettings}.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@Tag("integration")
@ExtendWith(LocalAwsStackExtension.class)
public @interface AwsIntegrationTest {}
