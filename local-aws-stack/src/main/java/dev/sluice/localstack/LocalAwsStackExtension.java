package dev.sluice.localstack;

import dev.sluice.runtime.aws.AwsClients;
import dev.sluice.runtime.aws.AwsSettings;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension that starts one local AWS stack per test run (see {@link AwsStacks}) on first use, shares it
 * among all test classes, and closes it when the run ends. It injects {@link AwsStack}, {@link AwsClients} and
 * {@link AwsSettings} into test constructors, test methods and lifecycle methods.
 *
 * <p>Tests share the stack, so each should create its own uniquely named resources.
 *
 * <pre>{@code
 * @AwsIntegrationTest
 * class MyIT {
 *     @Test
 *     void works(AwsClients aws) { ... }
 * }
 * }</pre>
 */
public final class LocalAwsStackExtension implements ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(LocalAwsStackExtension.class);

    /** The run's stack, started on first call. */
    public static AwsStack stack(ExtensionContext context) {
        return context.getRoot()
                .getStore(NAMESPACE)
                .getOrComputeIfAbsent(StackResource.class, type -> new StackResource(AwsStacks.start()), StackResource.class)
                .stack();
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == AwsStack.class || type == AwsClients.class || type == AwsSettings.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        AwsStack stack;
        try {
            stack = stack(context);
        } catch (RuntimeException e) {
            throw new ParameterResolutionException("Could not start the local AWS stack: " + e.getMessage(), e);
        }
        if (type == AwsStack.class) {
            return stack;
        }
        if (type == AwsClients.class) {
            return stack.clients();
        }
        return AwsSettings.fromMap(stack.settings());
    }

    /**
     * Holds the stack in the root store, which closes it at the end of the run: as an {@link AutoCloseable} on
     * JUnit 5.13 and later, as a {@code CloseableResource} before. Closing twice is harmless.
     */
    @SuppressWarnings("deprecation")
    record StackResource(AwsStack stack) implements ExtensionContext.Store.CloseableResource, AutoCloseable {
        @Override
        public void close() {
            stack.close();
        }
    }
}
