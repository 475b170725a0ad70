package org.dkumonitor.installer;

import java.io.IOException;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A Grafana release the install runs: its home (the directory with {@code conf/defaults.ini}
 * and {@code public/}), the executable, and how the supervisor names both in
 * {@code supervisor.yaml}. Grafana 10 and later run as {@code bin/grafana server}; older
 * releases only have {@code bin/grafana-server}.
 *
 * @param home where the release is, as the installer sees it
 * @param executable {@code bin/grafana} or {@code bin/grafana-server}
 * @param source where it came from: {@code bundled}, {@code --grafana-home} or
 *     {@code --system-grafana}
 * @param homeInConfig how supervisor.yaml names the home: {@code ${DKM_HOME}/grafana} for the
 *     bundle's own (so that an update switches Grafana too), else the absolute path
 */
record GrafanaHome(Path home, Path executable, String source, String homeInConfig) {

    static final String BUNDLED = "bundled";
    static final String GIVEN = "--grafana-home";
    static final String SYSTEM = "--system-grafana";

    /** Where the bundle keeps a Grafana release made with make-package --grafana. */
    static final String BUNDLE_DIRECTORY = "grafana";

    /** Whether the executable is the multi-command {@code grafana} (takes {@code server}). */
    boolean multiCommand() {
        return executable.getFileName().toString().equals("grafana");
    }

    /** The executable as supervisor.yaml names it. */
    String executableInConfig() {
        return homeInConfig + "/bin/" + executable.getFileName();
    }

    /** The bundle's own Grafana, if it was packaged with one. */
    static Optional<GrafanaHome> bundled(Path bundleHome) {
        Path home = bundleHome.resolve(BUNDLE_DIRECTORY);
        if (!Files.isDirectory(home)) {
            return Optional.empty();
        }
        return Optional.of(check(home, BUNDLED, "${DKM_HOME}/" + BUNDLE_DIRECTORY));
    }

    /** {@code --grafana-home DIR}: an unpacked Grafana release. */
    static GrafanaHome given(Path home) {
        Path absolute = home.toAbsolutePath().normalize();
        return check(absolute, GIVEN, absolute.toString());
    }

    /**
     * {@code --system-grafana}: {@code grafana} or {@code grafana-server} on PATH, its home
     * beside it ({@code bin/..}) or where Debian's package puts it.
     */
    static GrafanaHome onPath(FileSystem fs, String pathVariable) {
        List<Path> candidates = new ArrayList<>();
        for (String directory : (pathVariable == null ? "" : pathVariable).split(":")) {
            if (directory.isEmpty()) {
                continue;
            }
            for (String name : List.of("grafana", "grafana-server")) {
                Path candidate = fs.getPath(directory, name);
                if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                    candidates.add(candidate);
                }
            }
        }
        if (candidates.isEmpty()) {
            throw new InstallRefusedException("--system-grafana: neither grafana nor"
                    + " grafana-server is on PATH; install Grafana or pass --grafana-home DIR");
        }
        for (Path found : candidates) {
            Path real = realPath(found);
            Path beside = real.getParent() == null ? null : real.getParent().getParent();
            for (Path home : new Path[] {beside, fs.getPath("/usr/share/grafana")}) {
                if (home != null && isHome(home)) {
                    Path executable = home.resolve("bin").resolve(real.getFileName().toString());
                    if (!Files.isExecutable(executable)) {
                        executable = real;
                    }
                    return new GrafanaHome(home, executable, SYSTEM, home.toString());
                }
            }
        }
        throw new InstallRefusedException("--system-grafana: found " + candidates.get(0)
                + " but no Grafana home (conf/defaults.ini and public/) beside it or in"
                + " /usr/share/grafana; pass --grafana-home DIR");
    }

    private static GrafanaHome check(Path home, String source, String homeInConfig) {
        String what = source.equals(BUNDLED) ? "the bundle's Grafana " + home : source + " "
                + home;
        if (!isHome(home)) {
            throw new InstallRefusedException(what + " is not a Grafana release: it needs"
                    + " conf/defaults.ini and public/; point it at an unpacked Grafana tarball");
        }
        for (String name : List.of("grafana", "grafana-server")) {
            Path executable = home.resolve("bin").resolve(name);
            if (Files.isRegularFile(executable) && Files.isExecutable(executable)) {
                return new GrafanaHome(home, executable, source, homeInConfig);
            }
        }
        throw new InstallRefusedException(what + " has no executable bin/grafana or"
                + " bin/grafana-server; unpack a Linux release of Grafana there");
    }

    private static boolean isHome(Path home) {
        return Files.isRegularFile(home.resolve("conf").resolve("defaults.ini"))
                && Files.isDirectory(home.resolve("public"));
    }

    private static Path realPath(Path path) {
        try {
            return path.toRealPath();
        } catch (IOException e) {
            return path.toAbsolutePath();
        }
    }
}
