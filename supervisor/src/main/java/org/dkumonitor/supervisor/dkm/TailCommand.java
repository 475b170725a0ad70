package org.dkumonitor.supervisor.dkm;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.dkumonitor.core.DkmException;
import org.dkumonitor.supervisor.control.ControlClient.NotRunningException;
import org.dkumonitor.supervisor.control.ControlRequest;
import org.dkumonitor.supervisor.control.ControlResponse;
import org.dkumonitor.supervisor.program.ProgramStatus;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Prints the end of a program's log, which holds its stdout and stderr (redirect_stderr is the
 * default): the last N lines, unlike supervisorctl's last N bytes, which cut lines in two.
 * With {@code -f}, follows the log across rotations until interrupted.
 */
@Command(name = "tail", description = "The last lines of a program's log; -f follows it.")
final class TailCommand implements Callable<Integer> {

    static final int NO_SUCH_PROCESS = 1;
    private static final long FOLLOW_POLL_MILLIS = 200;

    @ParentCommand
    private DkmCommand dkm;
    @Spec
    private CommandSpec spec;
    @Option(names = "-n", paramLabel = "N", defaultValue = "10",
            description = "How many lines (default: ${DEFAULT-VALUE}).")
    private int lines;
    @Option(names = "-f", description = "Keep printing lines as they are written (Ctrl-C ends).")
    private boolean follow;
    @Parameters(paramLabel = "NAME", description = "The program.")
    private String name;

    @Override
    public Integer call() throws IOException, InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        ControlResponse response;
        try {
            response = dkm.client().send(new ControlRequest("status", List.of(name)));
        } catch (NotRunningException e) {
            return NotRunning.report(spec.commandLine().getErr(), e, "",
                    StartCommand.SPAWN_ERROR);
        }
        if (response.programs().isEmpty()) {
            out.println(name + ": ERROR (no such process name)");
            out.flush();
            return NO_SUCH_PROCESS;
        }
        ProgramStatus status = response.programs().get(0);
        Path log = Path.of(status.logFile());
        lastLines(log, lines).forEach(out::println);
        out.flush();
        if (follow) {
            follow(log, out);
        }
        return 0;
    }

    /** The last {@code count} lines of a file, read backwards from its end. */
    static List<String> lastLines(Path file, int count) throws IOException {
        if (count <= 0 || !Files.exists(file)) {
            return List.of();
        }
        try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
            long end = in.length();
            long start = end;
            int newlines = 0;
            byte[] block = new byte[8192];
            while (start > 0) {
                int size = (int) Math.min(block.length, start);
                start -= size;
                in.seek(start);
                in.readFully(block, 0, size);
                for (int i = size - 1; i >= 0; i--) {
                    boolean last = start + i == end - 1;
                    if (block[i] == '\n' && !last && ++newlines == count) {
                        start += i + 1;
                        return split(in, start, end);
                    }
                }
            }
            return split(in, 0, end);
        }
    }

    private static List<String> split(RandomAccessFile in, long from, long to)
            throws IOException {
        byte[] bytes = new byte[(int) (to - from)];
        in.seek(from);
        in.readFully(bytes);
        return new String(bytes, StandardCharsets.UTF_8).lines().toList();
    }

    /** Prints what is appended; starts again from the top when the file was rotated. */
    private static void follow(Path log, PrintWriter out) throws IOException, InterruptedException {
        long position = Files.exists(log) ? Files.size(log) : 0;
        while (!Thread.currentThread().isInterrupted()) {
            long size;
            try {
                size = Files.size(log);
            } catch (NoSuchFileException e) {
                size = 0;
            }
            if (size < position) {
                position = 0;
            }
            if (size > position) {
                try (RandomAccessFile in = new RandomAccessFile(log.toFile(), "r")) {
                    byte[] bytes = new byte[(int) (size - position)];
                    in.seek(position);
                    in.readFully(bytes);
                    position = size;
                    out.print(new String(bytes, StandardCharsets.UTF_8));
                    out.flush();
                } catch (IOException e) {
                    throw new DkmException("cannot read " + log + ": " + e.getMessage(), e);
                }
            }
            Thread.sleep(FOLLOW_POLL_MILLIS);
        }
    }
}
