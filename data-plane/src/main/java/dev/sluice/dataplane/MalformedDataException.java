package dev.sluice.dataplane;

import dev.sluice.contracts.ClassifiedException;
import dev.sluice.contracts.ErrorClass;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The input cannot be parsed: a CSV row with the wrong number of columns or a value of the wrong type, broken
 * JSON, a file that is not Parquet. Not retryable: the same input fails the same way.
 */
public class MalformedDataException extends ClassifiedException {

    private final String file;
    private final long line;

    /**
     * @param file where the bad data is (an S3 URI or a file name), or {@code null}
     * @param line the 1-based line in that file, or {@code 0} if unknown
     */
    public MalformedDataException(String message, String file, long line, Throwable cause) {
        super(ErrorClass.MALFORMED_DATA, describe(message, file, line), cause);
        this.file = file;
        this.line = line;
    }

    public MalformedDataException(String message) {
        this(message, null, 0, null);
    }

    private static String describe(String message, String file, long line) {
        if (file == null) {
            return message;
        }
        return "malformed data in " + file + (line > 0 ? " at line " + line : "") + ": " + message;
    }

    /** The file holding the bad data, if known. */
    public Optional<String> file() {
        return Optional.ofNullable(file);
    }

    /** The 1-based line of the bad data, if known. */
    public OptionalLong line() {
        return line > 0 ? OptionalLong.of(line) : OptionalLong.empty();
    }
}
