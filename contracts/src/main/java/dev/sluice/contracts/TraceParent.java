package dev.sluice.contracts;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A W3C Trace Context {@code traceparent} ({@code 00-<trace id>-<parent id>-<flags>}), carried as the
 * {@value MessageAttributes#TRACEPARENT} message attribute of every event a Sluice publisher sends.
 *
 * <p>One run is one trace: the trace id is derived from the run id ({@link #traceIdOf}), so every event of a run
 * (job-released, stage-completed, stage-failed, job-failed, job-succeeded, its alerts, and the data-ready of its
 * outputs) carries the same trace id, whichever service, attempt or redrive publishes it. An event without a run (an
 * upstream team's data-ready) gets the trace of its correlation id. The parent id is the span of the publish: derived
 * from the event id, so a republished event keeps its span.
 *
 * @param traceId  32 lowercase hex digits, not all zero
 * @param parentId 16 lowercase hex digits, not all zero
 */
public record TraceParent(String traceId, String parentId) {
    private static final Pattern HEADER = Pattern.compile("00-([0-9a-f]{32})-([0-9a-f]{16})-[0-9a-f]{2}");
    private static final String ZERO_TRACE = "0".repeat(32);
    private static final String ZERO_SPAN = "0".repeat(16);

    public TraceParent {
        if (traceId == null || !traceId.matches("[0-9a-f]{32}") || traceId.equals(ZERO_TRACE)) {
            throw new IllegalArgumentException("traceId: must be 32 lowercase hex digits, not all zero, got '" + traceId + "'");
        }
        if (parentId == null || !parentId.matches("[0-9a-f]{16}") || parentId.equals(ZERO_SPAN)) {
            throw new IllegalArgumentException("parentId: must be 16 lowercase hex digits, not all zero, got '" + parentId + "'");
        }
    }

    /** The trace id of run {@code runId}: the first 128 bits of SHA-256 over it. */
    public static String traceIdOf(String runId) {
        return nonZero(sha256("sluice-trace:" + Checks.required(runId, "runId")).substring(0, 32));
    }

    /**
     * The traceparent to publish {@code event} with: the trace of its run, else of its correlation id; empty for an
     * event with neither.
     */
    public static Optional<TraceParent> of(EventEnvelope<?> event) {
        String key = runIdOf(event.data()).orElse(event.correlationId());
        if (key == null || key.isBlank()) {
            return Optional.empty();
        }
        return Optional.of(new TraceParent(traceIdOf(key), nonZero(sha256("sluice-span:" + event.id()).substring(0, 16))));
    }

    /** The run an event belongs to, if it names one. */
    public static Optional<String> runIdOf(EventData data) {
        return Optional.ofNullable(switch (data) {
            case DataReady d -> d.producer() == null ? null : d.producer().runId();
            case JobReleased r -> r.runId();
            case StageCompleted c -> c.runId();
            case StageFailed f -> f.runId();
            case JobFailed f -> f.runId();
            case JobSucceeded s -> s.runId();
            case Alert a -> a.runId();
        });
    }

    /** Parses a {@code traceparent} header value; empty when it is absent or not version 00 of the format. */
    public static Optional<TraceParent> parse(String header) {
        if (header == null) {
            return Optional.empty();
        }
        var m = HEADER.matcher(header.trim());
        if (!m.matches() || m.group(1).equals(ZERO_TRACE) || m.group(2).equals(ZERO_SPAN)) {
            return Optional.empty();
        }
        return Optional.of(new TraceParent(m.group(1), m.group(2)));
    }

    /** The header value, sampled: {@code 00-<traceId>-<parentId>-01}. */
    public String header() {
        return "00-" + traceId + "-" + parentId + "-01";
    }

    private static String nonZero(String hex) {
        return hex.chars().allMatch(c -> c == '0') ? hex.substring(0, hex.length() - 1) + "1" : hex;
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
