package org.dkumonitor.server.clickhouse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.Callable;
import org.dkumonitor.cli.BundleVersion;
import org.dkumonitor.cli.CommandLines;
import org.dkumonitor.core.config.YamlConfigLoader;
import org.dkumonitor.core.layout.DataDir;
import org.dkumonitor.server.ServerConfig;
import org.dkumonitor.server.schema.StorageRules;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The configuration of a ClickHouse server an install runs for itself (Debian's
 * clickhouse-server, never shipped in the bundle): {@code conf/clickhouse/config.xml} (loopback,
 * the ports, data under {@code storage/clickhouse}, logs on stderr for the supervisor's log
 * file) and {@code users.xml} (one user whose password's SHA-256 is all it holds) are written
 * once by the installer and then the user's to edit; {@code config.d/graphite_rollup.xml} is
 * written from storage-schemas.conf and storage-aggregation.conf every time the ClickHouse
 * program starts ({@code bin/dkm-clickhouse} runs this command first), so the rollup always
 * follows those files. Tests write the same files for their private servers.
 */
@Command(name = "dkm-clickhouse-config", mixinStandardHelpOptions = true,
        versionProvider = BundleVersion.class,
        description = "Writes conf/clickhouse/config.d/graphite_rollup.xml of an install from its"
                + " storage-schemas.conf and storage-aggregation.conf (run by bin/dkm-clickhouse"
                + " before it starts clickhouse-server).")
public final class LocalClickHouse implements Callable<Integer> {

    /** Where the rollup section goes, beside config.xml. */
    public static final String ROLLUP_FILE = "config.d/graphite_rollup.xml";

    @Option(names = "--data-dir", required = true, paramLabel = "DATA_DIR",
            description = "The install's data directory.")
    private Path dataDir;

    public static void main(String[] args) {
        System.exit(CommandLines.execute(new LocalClickHouse(), args));
    }

    @Override
    public Integer call() throws IOException {
        DataDir layout = new DataDir(dataDir);
        ServerConfig config = YamlConfigLoader.load(layout.confFile("server.yaml"),
                ServerConfig.class);
        ServerConfig.ClickHouse clickhouse = config.storage().clickhouse();
        String section = clickhouse == null ? Tables.DEFAULT.rollupSection()
                : clickhouse.rollupSection();
        StorageRules rules = StorageRules.load(layout.confFile("storage-schemas.conf"),
                layout.confFile("storage-aggregation.conf"));
        writeRollup(layout.conf().resolve("clickhouse"),
                RollupRules.from(rules.schemas(), rules.aggregation()), section);
        return 0;
    }

    /** Writes (atomically) the rollup section into {@code confDir/config.d}. */
    public static void writeRollup(Path confDir, RollupRules rules, String section)
            throws IOException {
        write(confDir.resolve(ROLLUP_FILE), ClickHouseSchema.rollupConfig(rules, section), false);
    }

    /**
     * config.xml: listens on {@code listen} with HTTP on {@code httpPort} and the native
     * protocol on {@code tcpPort}, data under {@code dataDirectory}, users from users.xml
     * beside it, times in UTC, logs to stderr at {@code logLevel}.
     */
    public static String configXml(String listen, int httpPort, int tcpPort, Path dataDirectory,
            String logLevel) {
        String data = dataDirectory.toAbsolutePath().normalize() + "/";
        return """
                <?xml version="1.0"?>
                <!-- ClickHouse run by dkumonitor's supervisor. Written once by the installer:
                     yours to edit. The rollup is in config.d/graphite_rollup.xml, written from
                     storage-schemas.conf and storage-aggregation.conf at every start. -->
                <yandex>
                  <logger><level>%s</level><console>1</console></logger>
                  <listen_host>%s</listen_host>
                  <http_port>%d</http_port>
                  <tcp_port>%d</tcp_port>
                  <path>%s</path>
                  <tmp_path>%stmp/</tmp_path>
                  <user_files_path>%suser_files/</user_files_path>
                  <format_schema_path>%sformat_schemas/</format_schema_path>
                  <users_config>users.xml</users_config>
                  <default_profile>default</default_profile>
                  <default_database>default</default_database>
                  <timezone>UTC</timezone>
                  <mlock_executable>false</mlock_executable>
                  <mark_cache_size>134217728</mark_cache_size>
                  <uncompressed_cache_size>134217728</uncompressed_cache_size>
                  <max_concurrent_queries>100</max_concurrent_queries>
                </yandex>
                """.formatted(logLevel, listen, httpPort, tcpPort, data, data, data, data);
    }

    /** users.xml: one user, from loopback only, known by its password's SHA-256. */
    public static String usersXml(String user, String password, long maxMemoryBytes) {
        return """
                <?xml version="1.0"?>
                <!-- Users of the ClickHouse run by dkumonitor. Written once by the installer. -->
                <yandex>
                  <profiles>
                    <default>
                      <max_memory_usage>%d</max_memory_usage>
                      <use_uncompressed_cache>0</use_uncompressed_cache>
                    </default>
                  </profiles>
                  <users>
                    <%s>
                      <password_sha256_hex>%s</password_sha256_hex>
                      <networks><ip>127.0.0.1</ip><ip>::1</ip></networks>
                      <profile>default</profile>
                      <quota>default</quota>
                    </%s>
                  </users>
                  <quotas>
                    <default>
                      <interval><duration>3600</duration><queries>0</queries><errors>0</errors>
                        <result_rows>0</result_rows><read_rows>0</read_rows>
                        <execution_time>0</execution_time></interval>
                    </default>
                  </quotas>
                </yandex>
                """.formatted(maxMemoryBytes, Tables.check("user", user), sha256(password),
                user);
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /** Writes through a temporary file and a rename; {@code secret}: mode 0600. */
    public static void write(Path file, String content, boolean secret) throws IOException {
        Files.createDirectories(file.getParent());
        Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(temporary, content, StandardCharsets.UTF_8);
        if (secret) {
            Files.setPosixFilePermissions(temporary, PosixFilePermissions.fromString("rw-------"));
        }
        Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING,
                StandardCopyOption.ATOMIC_MOVE);
    }
}
