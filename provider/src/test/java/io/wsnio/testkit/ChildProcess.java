package io.wsnio.testkit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a child process with a bound, its output (stdout and stderr) to a temporary file, never a
 * pipe the child could fill.
 *
 * <p>On Windows (and under Wine) the child's handle to that file is opened without
 * {@code FILE_SHARE_DELETE}; Wine signals a process's end before the server has closed all of its
 * handles, so deleting the file right after {@code waitFor} can fail with "Sharing violation"
 * (it failed a CI run once). {@link #deleteEventually} retries for a while and then leaves the
 * file to {@code deleteOnExit}: cleaning up a temporary file is never what a test asserts.
 */
public final class ChildProcess {
    private ChildProcess() { }

    /** What a finished child printed, and its exit value. */
    public record Result(int exit, String output, List<String> command) {
        /** The child's {@code key=value} lines (keys of lower-case letters and dots), first of each key. */
        public java.util.Map<String, String> values() {
            java.util.Map<String, String> out = new java.util.LinkedHashMap<>();
            for (String line : output.split("\\R")) {
                int eq = line.indexOf('=');
                if (eq > 0 && line.substring(0, eq).matches("[a-z.]+")) {
                    out.putIfAbsent(line.substring(0, eq), line.substring(eq + 1));
                }
            }
            return out;
        }

        @Override
        public String toString() {
            return "command: " + command + "\nexit " + exit + "\n" + output;
        }
    }

    /** Thrown when the child outlives its time-out; the child has been destroyed. */
    public static final class TimedOut extends AssertionError {
        private static final long serialVersionUID = 1L;

        TimedOut(String message) {
            super(message);
        }
    }

    /** Runs {@code command} to its end, at most {@code timeoutSeconds}, else throws {@link TimedOut}. */
    public static Result run(List<String> command, long timeoutSeconds) throws IOException, InterruptedException {
        Path out = Files.createTempFile("wsnio-child", ".out");
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile()).start();
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                p.waitFor(10, TimeUnit.SECONDS);
                throw new TimedOut("child did not finish in " + timeoutSeconds + " s: " + command + "\n"
                        + read(out));
            }
            return new Result(p.exitValue(), read(out), command);
        } finally {
            deleteEventually(out);
        }
    }

    /** The file's text; the child's output file is opened with sharing that lets this read it. */
    public static String read(Path file) throws IOException {
        return Files.readString(file, StandardCharsets.UTF_8);
    }

    /**
     * Deletes {@code file}, retrying for up to 5 s while another process (an ended child whose
     * handles are still being closed) holds it open; after that it is left to {@code deleteOnExit}.
     */
    public static void deleteEventually(Path file) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (true) {
            try {
                Files.deleteIfExists(file);
                return;
            } catch (FileSystemException e) {
                if (System.nanoTime() > deadline) {
                    file.toFile().deleteOnExit();
                    return;
                }
                Thread.sleep(50);
            } catch (IOException e) {
                file.toFile().deleteOnExit();
                return;
            }
        }
    }
}
