package dev.sluice.localstack;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** Runs {@code sluice local-stack} in-process and captures its exit code and output. */
record CommandRun(int exitCode, String out, String err) {
    static final String SAMPLE_SPECS = "../examples/sample-pipeline/specs";

    static CommandRun of(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine command = LocalAwsStackMain.command().setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true));
        int code = command.execute(args);
        return new CommandRun(code, out.toString(), err.toString());
    }
}
