package dev.sluice.cli;

import dev.sluice.spec.PipelineSpecs;
import dev.sluice.spec.model.JobSpec;
import dev.sluice.spec.model.OutputSpec;
import dev.sluice.spec.model.SizeClass;
import dev.sluice.spec.xl.SparkDialect;
import dev.sluice.spec.load.SpecError;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code sluice validate DIR}: every spec error with file, line and path; exit 1 on any. */
@Command(name = "validate",
        mixinStandardHelpOptions = true,
        description = "Validate a directory of pipeline specs. Prints every error as file:line: path: message.",
        footer = {"", "Example:", "  sluice validate examples/sample-pipeline/specs"},
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {"0:specs are valid", "1:specs have errors"})
final class ValidateCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "DIR", description = "Directory of *.yaml specs (and their SQL files).")
    Path dir;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        PipelineSpecs.CheckResult result = PipelineSpecs.check(dir);
        if (!result.valid()) {
            for (SpecError e : result.errors()) {
                err.println(e);
            }
            err.printf("%d error(s) in %s%n", result.errors().size(), dir);
            return 1;
        }
        PipelineSpecs specs = result.specs().orElseThrow();
        int warnings = 0;
        for (JobSpec job : specs.jobs()) {
            if (job.sizeClass() != SizeClass.XL) {
                continue;
            }
            for (OutputSpec output : job.outputs()) {
                String sql = specs.sqlOf(job, output).orElse(null);
                if (sql == null) {
                    continue;
                }
                String file = specs.sqlFileOf(job, output).map(Path::toString).orElse(output.sql());
                for (SparkDialect.Warning w : SparkDialect.duckDbOnly(sql)) {
                    out.printf("warning: %s:%d: job %s (sizeClass: xl, runs on Spark SQL): %s%n", file, w.line(),
                            job.name(), w.message());
                    warnings++;
                }
            }
        }
        if (warnings > 0) {
            out.printf("%d warning(s): DuckDB-only SQL in xl jobs (see docs/migration.md)%n", warnings);
        }
        out.printf("valid: %d jobs, %d datasets, DAG depth %d (%s)%n",
                specs.jobs().size(), specs.datasets().size(), specs.depth(), dir);
        return 0;
    }
}
