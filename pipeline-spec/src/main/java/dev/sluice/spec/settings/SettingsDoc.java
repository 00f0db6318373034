package dev.sluice.spec.settings;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** Checks a settings page (docs/configuration.md) against the definitions it documents. */
public final class SettingsDoc {
    private SettingsDoc() {
    }

    /**
     * The definitions that {@code markdown} does not document: each needs a table row naming it ({@code `NAME`}) and,
     * when it has a default, showing the default on the same row.
     */
    public static List<String> undocumented(String markdown, Collection<? extends SettingDef<?>> definitions) {
        List<String> missing = new ArrayList<>();
        List<String> rows = markdown.lines().filter(l -> l.startsWith("|")).toList();
        for (SettingDef<?> def : definitions) {
            boolean documented = rows.stream().anyMatch(row -> row.contains("`" + def.name() + "`")
                    && (def.defaultText() == null || row.contains(def.defaultText())));
            if (!documented) {
                missing.add(def.name() + " (default " + def.defaultText() + ")");
            }
        }
        return missing;
    }
}
