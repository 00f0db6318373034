package dev.sluice.extractor.s3;

import dev.sluice.contracts.ClassifiedException;
import dev.sluice.contracts.ErrorClass;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/** The byte caps of S3 sources: the decompressed size of a gzip file, and the length of one JSON line. */
final class S3SourceLimits {

    private S3SourceLimits() {}

    /** Whether {@code file} is read as gzip under {@code compression}. */
    static boolean isGzip(Path file, String compression) {
        String name = file.getFileName().toString();
        return compression.equals("gzip")
                || (compression.equals("auto") && (name.endsWith(".gz") || name.endsWith(".gzip")));
    }

    /**
     * Reads {@code file} once (decompressing it when {@code gzip}), counting, and stops at the first cap passed: a
     * small file that would expand without bound (a "zip bomb") or a line longer than {@code maxLine} bytes is
     * refused before DuckDB reads the file.
     *
     * @param maxLine the most bytes of one line, or {@code 0} not to check lines (csv, json documents)
     * @throws ClassifiedException LimitExceeded past a cap, named by its setting
     */
    static void check(Path file, boolean gzip, long maxDecompressed, String decompressedSetting, long maxLine,
            String lineSetting, String origin) {
        try (InputStream raw = Files.newInputStream(file);
                InputStream in = gzip ? capped(new GZIPInputStream(raw, 64 * 1024), maxDecompressed,
                        decompressedSetting, origin) : raw) {
            byte[] buffer = new byte[64 * 1024];
            long line = 1;
            long length = 0;
            int n;
            while ((n = in.read(buffer)) > 0) {
                if (maxLine <= 0) {
                    continue;
                }
                for (int i = 0; i < n; i++) {
                    if (buffer[i] == '\n') {
                        line++;
                        length = 0;
                    } else if (++length > maxLine) {
                        throw lineTooLong(lineSetting, origin, line, maxLine);
                    }
                }
            }
        } catch (IOException e) {
            // Not valid gzip, or unreadable: DuckDB reports that with the file's name.
        }
    }

    private static ClassifiedException lineTooLong(String setting, String origin, long number, long max) {
        return new ClassifiedException(ErrorClass.LIMIT_EXCEEDED, setting + ": line " + number + " of " + origin + " is longer than " + max
                + " bytes; raise " + setting.substring(setting.lastIndexOf('.') + 1) + " if that is expected");
    }

    /** {@code in}, failing with a {@code LimitExceeded} failure once more than {@code max} bytes were read. */
    static InputStream capped(InputStream in, long max, String setting, String origin) {
        return new FilterInputStream(in) {
            private long count;

            @Override
            public int read() throws IOException {
                int b = super.read();
                if (b >= 0) {
                    add(1);
                }
                return b;
            }

            @Override
            public int read(byte[] buffer, int offset, int length) throws IOException {
                int n = super.read(buffer, offset, length);
                if (n > 0) {
                    add(n);
                }
                return n;
            }

            private void add(long n) {
                count += n;
                if (count > max) {
                    throw new ClassifiedException(ErrorClass.LIMIT_EXCEEDED, setting + ": " + origin + " decompresses to more than " + max
                            + " bytes; raise " + setting.substring(setting.lastIndexOf('.') + 1)
                            + " if that is expected");
                }
            }
        };
    }

    /**
     * The next line of {@code in} (without its line break, UTF-8), or {@code null} at the end; a line longer than
     * {@code max} bytes fails with a {@code LimitExceeded} failure before it is held in memory.
     */
    static String readLine(InputStream in, ByteArrayOutputStream buffer, long max, String setting, String origin,
            long number) {
        buffer.reset();
        try {
            int b;
            boolean any = false;
            while ((b = in.read()) >= 0) {
                any = true;
                if (b == '\n') {
                    break;
                }
                if (buffer.size() >= max) {
                    throw lineTooLong(setting, origin, number, max);
                }
                buffer.write(b);
            }
            if (!any) {
                return null;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read " + origin, e);
        }
        String line = buffer.toString(StandardCharsets.UTF_8);
        return line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
    }
}
