/**
 * The host agent: collectors that read /proc and /sys as collectd does, and the carbon sender.
 *
 * <p><b>Footprint rules.</b> The agent runs next to the applications on every monitored host,
 * for months, in a JVM of about 40 MiB RSS (collectd: 4 MiB); every JDK subsystem it touches
 * stays loaded for the life of the process. So, in this package and every package the agent
 * runs (core's included):
 * <ul>
 *   <li>no lambdas, method references or {@code invokedynamic} string concatenation (the module
 *       compiles with {@code -XDstringConcat=inline}): the first one bootstraps the JDK's
 *       method-handle machinery, some 300 classes and 1-2 MiB that never go away;</li>
 *   <li>no {@code String.format}, {@code java.time}, streams of our own, picocli, Jackson or
 *       java.util.logging ({@code AgentLog} writes core's log line format): each pulls in
 *       hundreds of classes (the time-zone database alone was a third of the start-up's CPU);</li>
 *   <li>/proc read through {@code FileInputStream} and {@code File.list()}, not NIO; config read
 *       by core's {@code PlainYaml} (not SnakeYAML) and bound by hand through core's
 *       {@code ConfigMapping}, not by reflection;</li>
 *   <li>no thread for what a thread already there can do off the hot path: the collection
 *       rounds and the supervisor's watch run on the main thread; the tap socket (its thread,
 *       and the security providers a Unix-domain socket loads) opens only when somebody
 *       taps.</li>
 * </ul>
 * Measured with these rules: about 1,240 classes loaded by a training run, 0.19 s of CPU per 5
 * minutes against collectd's 0.11-0.14 ({@code agent/src/bench/agent-vs-collectd.sh}).
 * {@code FootprintRulesTest} enforces the first rule and a loaded-class budget on every build.
 */
package org.dkumonitor.agent;
