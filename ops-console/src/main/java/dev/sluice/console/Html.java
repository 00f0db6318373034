package dev.sluice.console;

/** HTML escaping: every piece of state the console shows goes through {@link #esc} (or {@link #url}) on its way out. */
final class Html {
    private Html() {
    }

    /** {@code text} safe inside an element or a double- or single-quoted attribute; {@code null} is empty. */
    static String esc(Object text) {
        if (text == null) {
            return "";
        }
        String s = text.toString();
        StringBuilder out = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    /** {@code text} as one URL path segment or query value (percent-encoded), to be put in an attribute with {@link #esc}. */
    static String url(String text) {
        return java.net.URLEncoder.encode(text == null ? "" : text, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20");
    }
}
