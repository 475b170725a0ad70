package org.dkumonitor.core.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.dkumonitor.core.Version;

/**
 * The command line of the programs that do not load picocli, dkm-agent and dkm-supervisor:
 * they run for as long as the install does, and picocli's model (some 170 classes, read by
 * reflection) would stay loaded all that time. They take {@code --data-dir DATA_DIR} (or
 * {@code --data-dir=DATA_DIR}, required), {@code -h}/{@code --help}, {@code -V}/{@code
 * --version}, and flags of their own without a value; this reads them as picocli would, with
 * picocli's messages, so every dkumonitor program says the same about a bad flag. Help or
 * version ends the reading where it stands, as in picocli.
 *
 * @param dataDir the install's data directory; null when help or version was asked for
 * @param flags the program's own flags that were given
 */
public record DaemonArguments(Path dataDir, boolean help, boolean version, List<String> flags) {

    private static final String DATA_DIR = "--data-dir";

    /**
     * Reads {@code args}; {@code ownFlags} are the flags the program takes besides the common
     * ones. Throws {@link UsageException} with picocli's words for anything else.
     */
    public static DaemonArguments parse(String[] args, String... ownFlags) {
        Path dataDir = null;
        List<String> flags = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("-h") || arg.equals("--help")) {
                return new DaemonArguments(null, true, false, List.of());
            } else if (arg.equals("-V") || arg.equals("--version")) {
                return new DaemonArguments(null, false, true, List.of());
            } else if (arg.equals(DATA_DIR)) {
                if (i + 1 >= args.length) {
                    throw new UsageException(
                            "Missing required parameter for option '--data-dir' (DATA_DIR)");
                }
                dataDir = Path.of(args[++i]);
            } else if (arg.startsWith(DATA_DIR + "=")) {
                dataDir = Path.of(arg.substring(DATA_DIR.length() + 1));
            } else if (isOneOf(arg, ownFlags)) {
                flags.add(arg);
            } else if (arg.startsWith("-")) {
                throw new UsageException("Unknown option: '" + arg + "'");
            } else {
                throw new UsageException("Unmatched argument at index " + i + ": '" + arg + "'");
            }
        }
        if (dataDir == null) {
            throw new UsageException("Missing required option: '--data-dir=DATA_DIR'");
        }
        return new DaemonArguments(dataDir, false, false, List.copyOf(flags));
    }

    private static boolean isOneOf(String arg, String[] names) {
        for (String name : names) {
            if (name.equals(arg)) {
                return true;
            }
        }
        return false;
    }

    /** Whether the program's own flag {@code flag} was given. */
    public boolean has(String flag) {
        return flags.contains(flag);
    }

    /**
     * Prints {@code usage} for help, {@code "PROGRAM VERSION"} for version, and says whether it
     * did: the program then exits 0 without running.
     */
    public boolean printedHelpOrVersion(PrintStream out, String program, String usage) {
        if (help) {
            out.print(usage);
            if (!usage.endsWith("\n")) {
                out.println();
            }
        } else if (version) {
            out.println(program + " " + Version.current());
        }
        out.flush();
        return help || version;
    }

    /** A command line that cannot be read; its message says what is wrong, in picocli's words. */
    public static final class UsageException extends IllegalArgumentException {

        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }

        /**
         * Prints the message and the hint to ask for help on {@code err}, as picocli does, and
         * returns the exit code of a bad command line, {@value ExitCodes#USAGE_ERROR}.
         */
        public int print(PrintStream err, String program) {
            err.println(program + ": " + getMessage());
            err.println("Try '" + program + " --help'.");
            err.flush();
            return ExitCodes.USAGE_ERROR;
        }
    }
}
