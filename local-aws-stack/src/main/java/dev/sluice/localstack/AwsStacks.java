package dev.sluice.localstack;

import java.util.Locale;

/**
 * Starts the local AWS stack selected by {@code -Dsluice.stack} or {@code SLUICE_STACK}: {@code embedded}
 * (the default: fauxqs and DynamoDB Local, no Docker) or {@code localstack} (a LocalStack container).
 */
public final class AwsStacks {

    public static final String STACK_PROPERTY = "sluice.stack";
    public static final String STACK_ENV = "SLUICE_STACK";

    /** The kinds of local stack. */
    public enum Kind {
        EMBEDDED,
        LOCALSTACK
    }

    private AwsStacks() {}

    /** Starts the selected stack; the caller closes it. */
    public static AwsStack start() {
        return start(selectedKind());
    }

    public static AwsStack start(Kind kind) {
        return switch (kind) {
            case EMBEDDED -> EmbeddedAwsStack.start();
            case LOCALSTACK -> LocalStackContainerStack.start();
        };
    }

    /** The kind named by {@code -Dsluice.stack}, else {@code SLUICE_STACK}, else {@link Kind#EMBEDDED}. */
    public static Kind selectedKind() {
        String value = StackFiles.setting(STACK_PROPERTY, STACK_ENV);
        if (value == null) {
            return Kind.EMBEDDED;
        }
        try {
            return Kind.valueOf(value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(STACK_ENV + " (or -D" + STACK_PROPERTY + ") must be 'embedded' or"
                    + " 'localstack', got '" + value + "'");
        }
    }
}
