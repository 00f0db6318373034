package dev.sluice.localstack;

import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the local AWS stack until Ctrl-C, for operators and manual runs. Prints the settings as
 * {@code export KEY=VALUE} lines on stdout (so {@code eval "$(...)"} works) and everything else on stderr.
 */
public final class LocalAwsStackMain {

    private LocalAwsStackMain() {}

    public static void main(String[] args) throws InterruptedException {
        LoggingDefaults.commandLine();
        long started = System.nanoTime();
        AwsStack stack;
        try {
            stack = AwsStacks.start();
        } catch (RuntimeException e) {
            System.err.println("Could not start the local AWS stack: " + e.getMessage());
            System.exit(1);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.err.println("# stopping the local AWS stack");
            stack.close();
            stopped.countDown();
        }, "local-aws-stack-shutdown"));

        for (Map.Entry<String, String> setting : stack.settings().entrySet()) {
            System.out.println("export " + setting.getKey() + "=" + setting.getValue());
        }
        System.out.flush();
        System.err.printf("# %s%n# ready in %d ms; press Ctrl-C to stop%n",
                stack.describe(), (System.nanoTime() - started) / 1_000_000);
        stopped.await();
    }
}
