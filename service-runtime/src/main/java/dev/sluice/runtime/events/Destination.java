package dev.sluice.runtime.events;

/** The two topics events go to. */
public enum Destination {
    /** data-ready events: upstream teams and the loader publish here; the tracker consumes. */
    DATA_READY,
    /** job-released, stage-*, job-*, alert: the stages choreograph through here. */
    PIPELINE_EVENTS
}
