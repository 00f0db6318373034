package dev.sluice.cli;

import dev.sluice.spec.settings.Lookup;
import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** Runs the CLI in-process and captures its exit code and output. */
record CliRun(int exitCode, String out, String err) {
    static CliRun of(String... args) {
        return of(Lookup.environment(), args);
    }

    /** Runs with the settings of {@code settings}, e.g. the local stack's, instead of the environment. */
    static CliRun of(Lookup settings, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = SluiceCli.commandLine(settings)
                .setOut(new PrintWriter(out, true))
                .setErr(new PrintWriter(err, true))
                .setExecutionExceptionHandler((ex, cmd, parsed) -> {
                    cmd.getErr().println("error: " + ex.getMessage());
                    return 1;
                });
        int code = cli.execute(args);
        return new CliRun(code, out.toString(), err.toString());
    }
}
