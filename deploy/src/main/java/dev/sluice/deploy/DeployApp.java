package dev.sluice.deploy;

import dev.sluice.spec.InvalidSpecsException;
import dev.sluice.spec.PipelineSpecs;
import dev.sluice.spec.topology.Topology;
import dev.sluice.spec.topology.TopologyDeriver;
import dev.sluice.spec.topology.TopologyNames;
import dev.sluice.spec.topology.TopologyOptions;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.StackProps;

/**
 * {@code sluice deploy synth --specs DIR --env NAME [--settings FILE] [--out DIR] [--local-artifacts]}: writes the
 * CloudFormation template of one environment, offline and without AWS credentials (docs/deploy.md).
 */
public final class DeployApp {
    static final String USAGE = """
            usage: sluice deploy synth --specs DIR --env NAME [--settings FILE] [--out DIR] [--local-artifacts]
              --specs DIR          the pipeline specs (validated; their topology is what is deployed)
              --env NAME           the environment: every resource is <env>-sluice-<role>
              --settings FILE      the environment's settings (default deploy/environments/<env>.yaml; absent: the defaults)
              --out DIR            where the cloud assembly goes (default deploy/cdk.out/<env>)
              --local-artifacts    take the functions' code from the local Lambda zips (<module>/target/*.zip) as CDK
                                   assets, instead of the ArtifactBucket/ArtifactPrefix parameters; every zip must exist""";

    /** What to synthesize. */
    public record Request(Path specs, String env, Path settings, Path out, boolean localArtifacts, Path repositoryRoot) {
    }

    /** What was written. */
    public record Result(Path template, SluiceStack stack, App app, List<String> missingZips) {
    }

    private DeployApp() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        Request request;
        try {
            request = parse(args);
        } catch (IllegalArgumentException e) {
            err.println("sluice deploy: " + e.getMessage());
            err.println(USAGE);
            return 2;
        }
        try {
            long start = System.nanoTime();
            Result result = synth(request);
            out.printf("synthesized environment %s (%d topics, %d queues with DLQs, %d subscriptions, %d tables, %d functions) in %.1f s%n",
                    request.env(), result.stack().topology().topics().size(), result.stack().topology().queues().size(),
                    result.stack().topology().subscriptions().size(), result.stack().topology().tables().size(),
                    SluiceStack.zips("x").size(), (System.nanoTime() - start) / 1e9);
            out.println("template: " + result.template());
            if (request.localArtifacts()) {
                out.println("code: the local Lambda zips, as CDK assets (cdk deploy uploads them)");
            } else {
                out.println("code: the zips in the ArtifactBucket parameter's bucket under ArtifactPrefix (docs/deploy.md); upload these:");
                SluiceStack.zips(architecture(result)).forEach((service, zip) -> out.printf("  %-15s %s%s%n", service.id(), zip,
                        result.missingZips().contains(zip) ? "   (missing here: ./mvnw -pl " + service.module() + " -am package -DskipTests)" : ""));
            }
            return 0;
        } catch (InvalidSpecsException e) {
            err.println("sluice deploy: the specs in " + request.specs() + " are not valid:");
            err.println(e.getMessage());
            return 1;
        } catch (IllegalArgumentException | IllegalStateException | UncheckedIOException e) {
            err.println("sluice deploy: " + e.getMessage());
            return 1;
        }
    }

    private static String architecture(Result result) {
        return result.stack().settings().architecture();
    }

    static Request parse(String[] args) {
        if (args.length == 0 || !args[0].equals("synth")) {
            throw new IllegalArgumentException(args.length == 0 ? "a command is required" : "unknown command '" + args[0] + "'");
        }
        Path specs = null;
        String env = null;
        Path settings = null;
        Path out = null;
        boolean local = false;
        for (int i = 1; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--specs" -> specs = Path.of(value(args, ++i, a));
                case "--env" -> env = value(args, i = i + 1, a);
                case "--settings" -> settings = Path.of(value(args, ++i, a));
                case "--out" -> out = Path.of(value(args, ++i, a));
                case "--local-artifacts" -> local = true;
                default -> throw new IllegalArgumentException("unknown option '" + a + "'");
            }
        }
        if (specs == null) {
            throw new IllegalArgumentException("--specs DIR is required");
        }
        if (env == null) {
            throw new IllegalArgumentException("--env NAME is required");
        }
        new TopologyNames(env); // refuses a bad name, naming it
        if (!Files.isDirectory(specs)) {
            throw new IllegalArgumentException("--specs: no such directory: " + specs);
        }
        Path root = Path.of(System.getProperty("sluice.root", "")).toAbsolutePath(); // the repository (./sluice sets it)
        if (settings == null) {
            settings = root.resolve("deploy/environments/" + env + ".yaml");
        } else if (!Files.isRegularFile(settings)) {
            throw new IllegalArgumentException("--settings: no such file: " + settings);
        }
        return new Request(specs, env, settings, out == null ? root.resolve("deploy/cdk.out/" + env) : out, local, root);
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length || args[i].startsWith("--")) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[i];
    }

    /** Synthesizes {@code request}'s environment into {@code request.out()}. */
    public static Result synth(Request request) {
        PipelineSpecs specs = PipelineSpecs.load(request.specs());
        DeploySettings settings = Files.isRegularFile(request.settings())
                ? DeploySettings.load(request.settings(), request.env())
                : DeploySettings.defaults(request.env());
        Topology topology = new TopologyDeriver().derive(specs, new TopologyOptions(request.env(), settings.maxReceiveCount(),
                (int) settings.visibilityTimeout().toSeconds(), 1_209_600));
        List<String> missing = new ArrayList<>();
        SluiceStack.zips(settings.architecture()).values().forEach(zip -> {
            if (!Files.isRegularFile(request.repositoryRoot().resolve(zip))) {
                missing.add(zip);
            }
        });
        if (request.localArtifacts() && !missing.isEmpty()) {
            throw new IllegalArgumentException("--local-artifacts: these Lambda zips do not exist: " + missing
                    + "; build them with ./mvnw -pl dependency-tracker,extractor-service,transformer-service,loader-service -am package -DskipTests");
        }
        Path layer = stageSpecs(specs.root(), request.out().resolveSibling(request.out().getFileName() + ".specs-layer"));
        App app = new App(AppProps.builder().outdir(request.out().toString()).analyticsReporting(false).build());
        String stackName = new TopologyNames(request.env()).prefix() + "stack";
        SluiceStack stack = new SluiceStack(app, stackName, StackProps.builder().stackName(stackName)
                .description("Sluice environment " + request.env() + ", rendered from the specs' topology (deploy/)").build(),
                topology, settings, SpecPrefixes.of(specs), layer,
                request.localArtifacts() ? new SluiceStack.Artifacts.Local(request.repositoryRoot()) : new SluiceStack.Artifacts.InBucket());
        app.synth();
        return new Result(request.out().resolve(stackName + ".template.json"), stack, app, List.copyOf(missing));
    }

    /** The specs layer's content: {@code specs/} (Lambda puts a layer under /opt). */
    private static Path stageSpecs(Path specs, Path dir) {
        try {
            if (Files.exists(dir)) {
                try (Stream<Path> walk = Files.walk(dir)) {
                    walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
            Path target = dir.resolve("specs");
            try (Stream<Path> walk = Files.walk(specs)) {
                for (Path p : walk.toList()) {
                    Path to = target.resolve(specs.relativize(p).toString());
                    if (Files.isDirectory(p)) {
                        Files.createDirectories(to);
                    } else {
                        Files.copy(p, to);
                    }
                }
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot stage the specs layer in " + dir, e);
        }
    }
}
