package org.dkumonitor.installer.admin;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * A dkmadmin verb that is one request to the running server's API ({@code storage},
 * {@code metrics}): the install it asks, the answer printed or, when the server refuses or is
 * not running, the command's error (exit 1 with the reason).
 */
abstract class ServerRequestCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;
    @Mixin
    private StorageCommands.Install install;

    /**
     * Sends {@code method path} with the parameters given as name, value, name, value...; a
     * parameter whose value is null is left out. Prints the answer; returns the exit code.
     */
    final int send(String method, String path, String... namesAndValues) {
        Map<String, String> parameters = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            if (namesAndValues[i + 1] != null) {
                parameters.put(namesAndValues[i], namesAndValues[i + 1]);
            }
        }
        ServerApi.Answer answer = install.api().send(method, path, parameters);
        spec.commandLine().getOut().print(ServerApi.text(answer));
        spec.commandLine().getOut().flush();
        return 0;
    }

    /** A switch as the API takes it: "1" when given, else left out. */
    static String flag(boolean given) {
        return given ? "1" : null;
    }
}
