/**
 * Carbon's plaintext line, and the sender that writes lines to one carbon receiver with a
 * memory queue and a disk spool: the agent's sender and each destination of the server's relay.
 *
 * <p>The agent loads these classes, so the agent's footprint rules apply here (agent/README.md,
 * Footprint): no lambdas, method references or invokedynamic string concatenation, no
 * java.util.logging (state changes go to a {@link org.dkumonitor.core.carbon.SenderLog}).
 */
package org.dkumonitor.core.carbon;
