package dev.sluice.cli;

import dev.sluice.contracts.DataReady;
import dev.sluice.contracts.DatasetSchema;
import dev.sluice.contracts.EventCodec;
import dev.sluice.contracts.EventEnvelope;
import dev.sluice.contracts.Producer;
import dev.sluice.runtime.aws.AwsClients;
import dev.sluice.runtime.events.Destination;
import dev.sluice.runtime.events.SnsEventPublisher;
import dev.sluice.runtime.topology.AwsResources;
import dev.sluice.spec.partition.PartitionText;
import dev.sluice.spec.settings.Lookup;
import dev.sluice.spec.topology.TopologyNames;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/** {@code sluice publish-ready}: publish a data-ready event, for upstream teams and scripts. */
@Command(name = "publish-ready",
        description = "Publish a data-ready event for an external dataset partition, as its owning team, to the team's ingress "
                + "topic (<env>-sluice-ingress-<team>), validated against its JSON Schema. The tracker accepts a dataset only "
                + "from its owner's ingress topic.",
        footer = {"", "Example:",
                "  sluice publish-ready --dataset orders_drop --partition date=2026-11-20 --version 1 \\",
                "      --location s3://local-sluice-data/raw/orders/date=2026-11-20/ --format csv --column order_id:BIGINT --team shop-backend"})
final class PublishReadyCommand implements Callable<Integer>, UsesSettings {
    private Lookup settings = Lookup.environment();

    @Override
    public void settings(Lookup settings) {
        this.settings = settings;
    }

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
    boolean help;

    @Option(names = "--env", defaultValue = "${SLUICE_ENV:-local}", description = "Environment name (default: $SLUICE_ENV or local).")
    String env;

    @Option(names = "--dataset", required = true)
    String dataset;

    @Option(names = "--partition", defaultValue = "_", description = "e.g. date=2026-11-20; _ for an unpartitioned dataset.")
    String partition;

    @Option(names = "--version", required = true, description = "Monotonic version of the partition (>= 1).")
    long version;

    @Option(names = "--location", description = "URI of the data.")
    URI location;

    @Option(names = "--manifest", description = "URI of a manifest listing the data's files.")
    URI manifest;

    @Option(names = "--format", defaultValue = "parquet")
    String format;

    @Option(names = "--column", paramLabel = "NAME:TYPE", description = "A column of the schema; repeat for each.")
    List<String> columns = new ArrayList<>();

    @Option(names = "--rows", description = "Row count, if known.")
    Long rows;

    @Option(names = "--team", required = true, description = "The publishing team: the dataset's owner in its spec.")
    String team;

    @Option(names = "--correlation-id", description = "Correlation id to follow the event across services (default: a new one).")
    String correlationId;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        List<DatasetSchema.Column> cols = columns.stream().map(c -> {
            int colon = c.indexOf(':');
            if (colon <= 0) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--column must look like name:TYPE, not '" + c + "'");
            }
            return new DatasetSchema.Column(c.substring(0, colon), c.substring(colon + 1), true);
        }).toList();
        DataReady ready = new DataReady(dataset, PartitionText.parse(partition), version, location, manifest, format,
                DatasetSchema.of(cols), rows, null, Producer.team(team));
        String correlation = correlationId != null ? correlationId : "cli-" + UUID.randomUUID();
        EventEnvelope<DataReady> event = EventEnvelope.of("sluice/cli", dataset + "/" + ready.partition().key(), correlation, ready);
        try (AwsClients aws = OpsOptions.awsClients(settings)) {
            AwsResources resources = new AwsResources(new TopologyNames(env), aws.sns(), aws.sqs());
            if (!TopologyNames.TEAM.matcher(team).matches()) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--team: '" + team + "' must match "
                        + TopologyNames.TEAM.pattern());
            }
            SnsEventPublisher.forTeam(aws.sns(), resources, new EventCodec(), team).publish(Destination.DATA_READY, event);
        }
        spec.commandLine().getOut().printf("published data-ready %s %s v%d id=%s correlation=%s%n", dataset, ready.partition().key(),
                version, event.id(), correlation);
        return 0;
    }
}
