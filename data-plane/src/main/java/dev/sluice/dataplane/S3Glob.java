package dev.sluice.dataplane;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A glob over S3 keys, e.g. {@code raw/orders/date=2026-11-20/*.csv.gz}: {@link #literalPrefix()} is what to list
 * by, {@link #matches(String)} filters the listed keys.
 *
 * <p>Syntax: {@code *} any characters but {@code /}; {@code **} any characters; {@code ?} one character but
 * {@code /}; {@code [abc]}, {@code [a-z]}, {@code [!a-z]} one character of a class; {@code {a,b}} alternatives;
 * {@code \} escapes the next character.
 */
public final class S3Glob {

    private final String glob;
    private final String literalPrefix;
    private final Pattern pattern;

    private S3Glob(String glob) {
        this.glob = glob;
        int meta = firstMetaCharacter(glob);
        this.literalPrefix = unescape(meta < 0 ? glob : glob.substring(0, meta));
        this.pattern = Pattern.compile(toRegex(glob));
    }

    /** @throws IllegalArgumentException for an unbalanced {@code [} or {@code {} */
    public static S3Glob of(String glob) {
        return new S3Glob(Objects.requireNonNull(glob, "glob"));
    }

    /** The part of the glob before its first glob character: the prefix to list. */
    public String literalPrefix() {
        return literalPrefix;
    }

    public boolean matches(String key) {
        return pattern.matcher(key).matches();
    }

    @Override
    public String toString() {
        return glob;
    }

    /** The index of the first unescaped glob character of {@code text}, or -1. */
    static int firstMetaCharacter(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == '*' || c == '?' || c == '[' || c == '{') {
                return i;
            }
        }
        return -1;
    }

    private static String unescape(String text) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\' && i + 1 < text.length()) {
                c = text.charAt(++i);
            }
            out.append(c);
        }
        return out.toString();
    }

    private static String toRegex(String glob) {
        StringBuilder regex = new StringBuilder();
        int braces = 0;
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            switch (c) {
                case '\\' -> {
                    if (i + 1 < glob.length()) {
                        regex.append(Pattern.quote(String.valueOf(glob.charAt(++i))));
                    }
                }
                case '*' -> {
                    if (i + 1 < glob.length() && glob.charAt(i + 1) == '*') {
                        regex.append(".*");
                        i++;
                    } else {
                        regex.append("[^/]*");
                    }
                }
                case '?' -> regex.append("[^/]");
                case '[' -> {
                    int end = glob.indexOf(']', i + 2);
                    if (end < 0) {
                        throw new IllegalArgumentException("unclosed '[' in glob '" + glob + "'");
                    }
                    String body = glob.substring(i + 1, end);
                    regex.append('[');
                    if (body.startsWith("!")) {
                        regex.append('^');
                        body = body.substring(1);
                    }
                    regex.append(body.replace("\\", "\\\\").replace("[", "\\[").replace("&", "\\&"));
                    regex.append(']');
                    i = end;
                }
                case '{' -> {
                    braces++;
                    regex.append("(?:");
                }
                case '}' -> {
                    if (braces == 0) {
                        regex.append("\\}");
                    } else {
                        braces--;
                        regex.append(')');
                    }
                }
                case ',' -> regex.append(braces > 0 ? "|" : ",");
                default -> regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        if (braces != 0) {
            throw new IllegalArgumentException("unclosed '{' in glob '" + glob + "'");
        }
        return regex.toString();
    }
}
