package dev.sluice.contracts;

import static dev.sluice.contracts.Checks.ensure;

/** Who produced a dataset version: a team, or a Sluice job (with its run). At least one of team and job is set. */
public record Producer(@OptionalField String team, @OptionalField String job, @OptionalField String runId) {
    public Producer {
        ensure(team != null || job != null, "producer needs a team or a job");
    }

    public static Producer team(String team) {
        return new Producer(team, null, null);
    }

    public static Producer job(String job, String runId) {
        return new Producer(null, job, runId);
    }
}
