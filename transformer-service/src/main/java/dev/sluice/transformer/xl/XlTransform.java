package dev.sluice.transformer.xl;

import dev.sluice.contracts.ClassifiedException;
import dev.sluice.contracts.DatasetSchema;
import dev.sluice.contracts.ErrorClass;
import dev.sluice.spec.model.ColumnSpec;
import dev.sluice.spec.model.QualityCheckSpec;
import dev.sluice.spec.xl.SparkJobRequest;
import dev.sluice.spec.xl.SparkJobResult;
import dev.sluice.transformer.CheckOutcome;
import dev.sluice.transformer.SluiceParams;
import dev.sluice.transformer.TransformRequest;
import dev.sluice.transformer.TransformResult;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The transform of an {@code xl} job: the same {@link TransformRequest} as a DuckDB transform, handed to the Spark
 * driver through a {@link SparkSubmitter}, and its result read back as a {@link TransformResult}, so that the stage
 * completes through the usual events.
 */
public final class XlTransform {

    private final SparkSubmitter submitter;

    public XlTransform(SparkSubmitter submitter) {
        this.submitter = Objects.requireNonNull(submitter, "submitter");
    }

    /** Where the driver's request and result go: beside the staging prefix, never under it. */
    public static URI controlPrefix(URI stagingPrefix) {
        String text = stagingPrefix.toString();
        return URI.create(text.substring(0, text.length() - 1) + "-spark/");
    }

    /** The driver's request for {@code request}. */
    public static SparkJobRequest toSpark(TransformRequest request) {
        List<SparkJobRequest.Param> params = new ArrayList<>();
        for (SluiceParams.Column c : SluiceParams.columns(request.partition().dimensions(), request.dimensionTypes(),
                request.runId(), request.generation())) {
            params.add(new SparkJobRequest.Param(c.name(), c.type(), String.valueOf(c.value())));
        }
        Map<String, List<String>> inputs = new LinkedHashMap<>();
        request.inputs().forEach((view, uris) -> inputs.put(view, uris.stream().map(URI::toString).toList()));
        Map<String, Map<String, String>> empty = new LinkedHashMap<>();
        request.emptyInputSchemas().forEach((view, schema) -> {
            Map<String, String> columns = new LinkedHashMap<>();
            schema.columns().forEach(c -> columns.put(c.name(), c.type()));
            empty.put(view, columns);
        });
        Map<String, String> contract = new LinkedHashMap<>();
        if (request.outputContract() != null) {
            for (ColumnSpec c : request.outputContract().columns()) {
                contract.put(c.name(), c.type());
            }
        }
        return new SparkJobRequest(request.job(), request.dataset(), request.runId(), request.generation(), params,
                inputs, empty, request.sql(), request.sqlFile(), request.stagingPrefix().toString(),
                controlPrefix(request.stagingPrefix()) + "result.json", request.output().checks(), contract);
    }

    /**
     * Runs {@code request} on Spark.
     *
     * @throws ClassifiedException with the driver's error class when the job failed
     */
    public TransformResult run(TransformRequest request) {
        long started = System.nanoTime();
        SparkJobResult result = submitter.run(toSpark(request));
        if (!result.succeeded()) {
            ErrorClass errorClass = ErrorClass.fromWireName(result.errorClass()).orElse(ErrorClass.QUERY_FAILED);
            throw new ClassifiedException(errorClass, result.message());
        }
        List<DatasetSchema.Column> columns = new ArrayList<>();
        result.columns().forEach((name, type) -> columns.add(new DatasetSchema.Column(name, type, true)));
        List<CheckOutcome> checks = new ArrayList<>();
        List<QualityCheckSpec> specs = request.output().checks();
        for (int i = 0; i < result.checks().size() && i < specs.size(); i++) {
            SparkJobResult.Check c = result.checks().get(i);
            checks.add(new CheckOutcome(c.name(), specs.get(i).type(), specs.get(i).severity(), c.passed(),
                    c.failing(), c.detail(), List.of()));
        }
        Duration total = Duration.ofNanos(System.nanoTime() - started);
        return new TransformResult(request.dataset(), request.stagingPrefix(),
                result.files().stream().map(URI::create).toList(), DatasetSchema.of(columns), result.rows(),
                result.bytes(), 0, request.inputs().values().stream().mapToInt(List::size).sum(), checks,
                new TransformResult.Timings(Duration.ZERO, total, Duration.ZERO, Duration.ZERO, total));
    }
}
