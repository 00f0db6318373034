package dev.sluice.console;

import dev.sluice.cli.PartitionStatus;
import java.util.List;

/** A job's health at a glance, from its recent partitions: the worst state wins. */
enum Health {
    FAILED("failed", "#e5484d"),
    LATE("late", "#f5a524"),
    RUNNING("running", "#3e8ed0"),
    WAITING("waiting", "#f2e394"),
    SUCCEEDED("succeeded", "#46a758"),
    IDLE("no partitions yet", "#d0d4d9");

    final String word;
    final String colour;

    Health(String word, String colour) {
        this.word = word;
        this.colour = colour;
    }

    static Health of(List<PartitionStatus> partitions) {
        Health worst = IDLE;
        for (PartitionStatus p : partitions) {
            Health h = switch (p.state()) {
                case FAILED -> FAILED;
                case WAITING -> p.late() ? LATE : WAITING;
                case RUNNING, RELEASED -> RUNNING;
                case SUCCEEDED -> SUCCEEDED;
            };
            if (h.ordinal() < worst.ordinal()) {
                worst = h;
            }
        }
        return worst;
    }

    /** The colour of one partition's cell. */
    static String colourOf(PartitionStatus p) {
        return switch (p.state()) {
            case FAILED -> FAILED.colour;
            case WAITING -> p.late() ? LATE.colour : WAITING.colour;
            case RUNNING, RELEASED -> RUNNING.colour;
            case SUCCEEDED -> SUCCEEDED.colour;
        };
    }
}
