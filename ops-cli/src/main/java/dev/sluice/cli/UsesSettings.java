package dev.sluice.cli;

import dev.sluice.spec.settings.Lookup;

/** A command part that reads settings: the command line gives it its {@link Lookup} ({@link SluiceCli#commandLine}). */
interface UsesSettings {
    void settings(Lookup settings);
}
