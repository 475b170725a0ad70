/**
 * collectd's naming: host names and metric path escaping.
 *
 * <p>The agent's footprint rules apply here: see {@link org.dkumonitor.agent}.
 */
package org.dkumonitor.agent.naming;
