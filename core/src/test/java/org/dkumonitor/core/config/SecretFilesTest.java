package org.dkumonitor.core.config;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.dkumonitor.core.DkmException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretFilesTest {

    @Test
    void aSecretReadableByOthersIsRefusedOrWarnedAboutAndOneForTheOwnerPasses(
            @TempDir Path dir) throws Exception {
        Path file = dir.resolve("server.yaml");
        Files.writeString(file, "api:\n  bearerToken: s3cret\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        DkmException refused = assertThrows(DkmException.class, () -> SecretFiles.check(file,
                "api.bearerToken", SecretFiles.Policy.REFUSE, "security.exposedSecrets"));
        assertTrue(refused.getMessage().contains("chmod 600"), refused.getMessage());
        assertTrue(refused.getMessage().contains("rw-r--r--"), refused.getMessage());
        SecretFiles.check(file, "api.bearerToken", SecretFiles.Policy.WARN,
                "security.exposedSecrets");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        SecretFiles.check(file, "api.bearerToken", SecretFiles.Policy.REFUSE,
                "security.exposedSecrets");
    }
}
