package dev.sluice.tracker;

import dev.sluice.contracts.DataReady;
import dev.sluice.spec.PipelineSpecs;
import dev.sluice.spec.model.DatasetSpec;
import dev.sluice.spec.topology.TopologyNames;
import java.util.Optional;

/**
 * Who may publish which {@code data-ready} events (deny by default), decided from the topic an event came from:
 * <ul>
 *   <li>the environment's data-ready topic, which only the loader's role may publish to: datasets that a Sluice job
 *       produces, and nothing else;</li>
 *   <li>team {@code T}'s ingress topic ({@code <env>-sluice-ingress-T}), which only T's principal may publish to: the
 *       external datasets whose {@code owner} is T, and nothing else;</li>
 *   <li>any other topic: nothing.</li>
 * </ul>
 * The topic policies that make the topic a publisher's identity are deploy/'s (see docs/security.md).
 */
public final class IngressPolicy {
    private final PipelineSpecs specs;
    private final TopologyNames names;

    public IngressPolicy(PipelineSpecs specs, TopologyNames names) {
        this.specs = specs;
        this.names = names;
    }

    /** Whether {@code topic} carries the data bucket's object-created notifications (only the bucket publishes there). */
    public boolean isFileArrivalTopic(String topic) {
        return names.fileArrivalsTopic().equals(topic);
    }

    /** The data bucket's file arrivals, as data-ready events of the file-fed datasets. */
    public FileArrivals fileArrivals() {
        return new FileArrivals(specs, names.bucket());
    }

    /**
     * @throws IllegalArgumentException naming the dataset, the topic and why the topic's publisher may not publish it
     */
    public void check(String topic, DataReady ready) {
        Optional<DatasetSpec> found = specs.findDataset(ready.dataset());
        if (found.isEmpty()) {
            return; // refused later as an unknown dataset, with that reason
        }
        DatasetSpec dataset = found.get();
        if (dataset.scheduleSpec().isPresent()) {
            throw new IllegalArgumentException("data.dataset: '" + ready.dataset() + "' is a schedule: only the tracker's clock"
                    + " publishes its ticks, nobody through topic " + topic);
        }
        if (topic.equals(names.dataReadyTopic())) {
            if (dataset.isExternal()) {
                throw new IllegalArgumentException("data.dataset: '" + ready.dataset() + "' is external (owned by "
                        + (dataset.owner() == null ? "no team" : "team " + dataset.owner()) + "): it is accepted only from its"
                        + " owner's ingress topic, not from " + topic + ", where only Sluice's loader publishes");
            }
            return;
        }
        Optional<String> team = names.teamOfIngressTopic(topic);
        if (team.isEmpty()) {
            throw new IllegalArgumentException("refused a data-ready from topic " + topic + ": not one of this environment's"
                    + " data-ready or ingress topics");
        }
        if (!dataset.isExternal()) {
            throw new IllegalArgumentException("data.dataset: '" + ready.dataset() + "' is produced by a Sluice job: only"
                    + " Sluice's loader may publish it, not team " + team.get() + " (topic " + topic + ")");
        }
        if (!team.get().equals(dataset.owner())) {
            throw new IllegalArgumentException("data.dataset: '" + ready.dataset() + "' is owned by "
                    + (dataset.owner() == null ? "no team" : "team " + dataset.owner()) + ": team " + team.get()
                    + " may not publish it (topic " + topic + ")");
        }
    }
}
