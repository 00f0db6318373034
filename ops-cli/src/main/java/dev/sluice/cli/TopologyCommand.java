package dev.sluice.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.sluice.spec.PipelineSpecs;
import dev.sluice.spec.topology.Topology;
import dev.sluice.spec.topology.TopologyDeriver;
import dev.sluice.spec.topology.TopologyOptions;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code sluice topology DIR}: the AWS resources the specs need. */
@Command(name = "topology",
        mixinStandardHelpOptions = true,
        description = "Print the AWS topology derived from the specs: topics, queues with DLQs, subscriptions with filter policies, tables with GSIs.",
        footer = {"", "Example:", "  sluice topology examples/sample-pipeline/specs --env dev --format json"})
final class TopologyCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "DIR", description = "Directory of pipeline specs.")
    Path dir;

    @Option(names = "--env", defaultValue = "${SLUICE_ENV:-local}", description = "Environment name, the prefix of every resource (default: $SLUICE_ENV or local).")
    String env;

    @Option(names = "--format", defaultValue = "text", description = "text or json (default: text).")
    String format;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Topology topology = new TopologyDeriver().derive(PipelineSpecs.load(dir), TopologyOptions.defaults(env));
        PrintWriter out = spec.commandLine().getOut();
        switch (format) {
            case "json" -> out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(topology));
            case "text" -> out.print(TopologyText.render(topology));
            default -> throw new CommandLine.ParameterException(spec.commandLine(), "--format must be text or json, not '" + format + "'");
        }
        return 0;
    }
}
