package dev.sluice.contracts;

/**
 * Free text that goes into an event or a record (an error message, an alert): at most {@value #MAX_LENGTH} characters,
 * the schemas' limit. Longer text is cut with a marker that says how long it was, so that a 20,000-character database
 * error still makes a valid {@code stage-failed} and {@code alert} instead of an event that fails its own schema.
 */
public final class EventText {
    /** The {@code maxLength} of {@code envelope.schema.json#/$defs/text}. */
    public static final int MAX_LENGTH = 8192;

    private EventText() {
    }

    /** {@code text} unchanged when it fits, else its start and {@code … [truncated: N characters in all]}. */
    public static String bounded(String text) {
        if (text == null || text.length() <= MAX_LENGTH) {
            return text;
        }
        String marker = "… [truncated: " + text.length() + " characters in all]";
        int keep = MAX_LENGTH - marker.length();
        if (Character.isHighSurrogate(text.charAt(keep - 1))) {
            keep--; // never split a surrogate pair
        }
        return text.substring(0, keep) + marker;
    }
}
