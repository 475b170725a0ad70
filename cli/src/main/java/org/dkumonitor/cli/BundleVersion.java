package org.dkumonitor.cli;

import org.dkumonitor.core.Version;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code --version} of every dkumonitor command: its name and the bundle's version. */
public final class BundleVersion implements IVersionProvider {

    @Spec
    private CommandSpec spec;

    @Override
    public String[] getVersion() {
        return new String[] {spec.qualifiedName() + " " + Version.current()};
    }
}
