package dev.sluice.contracts;

/** The body ({@code data}) of an event. Each implementation is the body of one {@link EventType}. */
public sealed interface EventData
        permits DataReady, JobReleased, StageCompleted, StageFailed, JobSucceeded, JobFailed, Alert {

    /** The event type whose body this is. */
    default EventType eventType() {
        return EventType.of(getClass());
    }
}
