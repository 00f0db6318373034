package dev.sluice.spec.settings;

/**
 * A setting has a bad value. The message starts with the setting's name and carries the value, e.g.
 * {@code SLUICE_STAGE_LEASE: must be a duration in 1m..12h, got '5s'}.
 */
public class SettingException extends IllegalArgumentException {

    private final String setting;
    private final String value;
    private final String problem;

    public SettingException(String setting, String value, String problem) {
        super(setting + ": " + problem);
        this.setting = setting;
        this.value = value;
        this.problem = problem;
    }

    /** The setting's name, e.g. {@code SLUICE_STAGE_LEASE}. */
    public String setting() {
        return setting;
    }

    /** The value as written. */
    public String value() {
        return value;
    }

    /** What is wrong with it, without the setting's name. */
    public String problem() {
        return problem;
    }
}
