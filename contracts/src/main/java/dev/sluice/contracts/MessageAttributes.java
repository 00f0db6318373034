package dev.sluice.contracts;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The SNS message attributes (all of type String) that Sluice routes events by:
 * <ul>
 *   <li>{@value #TYPE}: the event type, on every event;</li>
 *   <li>{@value #DATASET}: the dataset, on data-ready;</li>
 *   <li>{@value #JOB}: the job, on every other event;</li>
 *   <li>{@value #STAGE}: the lowercase stage that must run next, and only that: on job-released
 *       ({@code firstStage}) and stage-completed ({@code nextStage}, absent after the last stage). The stage
 *       queues subscribe with a filter on it, so it is never set on an event that is not work;</li>
 *   <li>{@value #FAILED_STAGE}: the stage that failed, on stage-failed and job-failed.</li>
 * </ul>
 * Publishers add {@value #TRACEPARENT} ({@link #published}): the W3C trace context of the event's run
 * ({@link TraceParent}). It does not route.
 */
public final class MessageAttributes {

    public static final String TYPE = "type";
    public static final String DATASET = "dataset";
    public static final String JOB = "job";
    public static final String STAGE = "stage";
    public static final String FAILED_STAGE = "failedStage";
    /** {@code small} or {@code large}, set by the publisher from the job's spec on work events. */
    public static final String SIZE_CLASS = "sizeClass";
    /** The W3C trace context of the event's run ({@link TraceParent}), added by every publisher. */
    public static final String TRACEPARENT = "traceparent";

    private MessageAttributes() {
    }

    /** The attributes to publish {@code event} with, as name to String value. */
    public static Map<String, String> of(EventEnvelope<?> event) {
        Map<String, String> attributes = new LinkedHashMap<>();
        attributes.put(TYPE, event.type().type());
        switch (event.data()) {
            case DataReady d -> attributes.put(DATASET, d.dataset());
            case JobReleased r -> {
                attributes.put(JOB, r.job());
                attributes.put(STAGE, r.firstStage().wireName());
            }
            case StageCompleted c -> {
                attributes.put(JOB, c.job());
                if (c.nextStage() != null) {
                    attributes.put(STAGE, c.nextStage().wireName());
                }
            }
            case StageFailed f -> {
                attributes.put(JOB, f.job());
                attributes.put(FAILED_STAGE, f.stage().wireName());
            }
            case JobFailed f -> {
                attributes.put(JOB, f.job());
                attributes.put(FAILED_STAGE, f.stage().wireName());
            }
            case JobSucceeded s -> attributes.put(JOB, s.job());
            case Alert a -> attributes.put(JOB, a.job());
        }
        return Collections.unmodifiableMap(attributes);
    }

    /**
     * What a publisher sends {@code event} with: its routing attributes ({@link #of}), then {@code extra} (e.g.
     * {@value #SIZE_CLASS}), then its {@value #TRACEPARENT} when it has one.
     */
    public static Map<String, String> published(EventEnvelope<?> event, Map<String, String> extra) {
        Map<String, String> attributes = new LinkedHashMap<>(of(event));
        attributes.putAll(extra);
        TraceParent.of(event).ifPresent(t -> attributes.put(TRACEPARENT, t.header()));
        return Collections.unmodifiableMap(attributes);
    }
}
